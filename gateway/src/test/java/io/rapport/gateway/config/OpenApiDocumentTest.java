package io.rapport.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document the running gateway serves describes every endpoint it has, completely: a summary, a tag,
 * typed request and response bodies with examples, and the errors each can answer. It is written to
 * {@code target/openapi.json}, where the build's independent linter (Redocly, from npm) checks it again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"rapport.internal-token=openapi-test-token-0123",
        "rapport.mongodb.embedded=memory", "management.server.port=0", "rapport.api-keys.bootstrap-key=doc-test"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    RequestMappingHandlerMapping mappings;

    private JsonNode document;

    @BeforeAll
    void fetch() throws Exception {
        HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        document = JSON.readTree(served.body());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "openapi.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(document));
    }

    /**
     * Every public endpoint the gateway has, as "METHOD /path", from Spring's own mappings; the console's page is
     * not part of the API.
     */
    private Set<String> endpoints() {
        Set<String> endpoints = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            if (!mapping.getValue().getBeanType().getPackageName().startsWith("io.rapport.gateway")) {
                continue;
            }
            for (String path : mapping.getKey().getPatternValues()) {
                if (path.startsWith("/console")) {
                    continue;
                }
                mapping.getKey().getMethodsCondition().getMethods()
                        .forEach(method -> endpoints.add(method.name() + " " + path));
            }
        }
        return endpoints;
    }

    private List<String> operations() {
        List<String> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> operations.add(op.getKey().toUpperCase() + " " + path.getKey())));
        return operations;
    }

    private JsonNode operation(String call) {
        String[] parts = call.split(" ", 2);
        return document.get("paths").get(parts[1]).get(parts[0].toLowerCase());
    }

    @Test
    void everyEndpointIsDocumentedAndNothingElse() {
        assertThat(endpoints()).hasSizeGreaterThan(50);
        assertThat(new TreeSet<>(operations())).isEqualTo(endpoints());
    }

    @Test
    void everyOperationHasASummaryATagAndAnId() {
        for (String call : operations()) {
            JsonNode operation = operation(call);
            assertThat(operation.path("summary").asString("")).as(call).isNotBlank();
            assertThat(operation.path("tags")).as(call).isNotEmpty();
            assertThat(operation.path("operationId").asString("")).as(call).isNotBlank();
        }
        document.get("tags").forEach(tag -> assertThat(tag.path("description").asString("")).as(tag.toString())
                .isNotBlank());
    }

    @Test
    void everyBodyIsTypedAndHasAnExample() {
        for (String call : operations()) {
            JsonNode operation = operation(call);
            JsonNode body = operation.path("requestBody").path("content");
            body.properties().forEach(media -> {
                JsonNode schema = resolve(media.getValue().path("schema"));
                assertThat(schema.has("properties") || schema.has("allOf")).as(call + " request " + media.getKey()
                        + " schema " + schema).isTrue();
                if (media.getKey().equals("application/json")) {
                    assertThat(media.getValue().has("example") || media.getValue().has("examples"))
                            .as(call + " has a request example").isTrue();
                }
            });
            operation.path("responses").properties().stream().filter(r -> r.getKey().startsWith("2"))
                    .forEach(response -> response.getValue().path("content").properties().stream()
                            .filter(media -> media.getKey().contains("json")).forEach(media -> {
                        JsonNode schema = resolve(media.getValue().path("schema"));
                        assertThat(schema.has("properties") || schema.has("allOf") || schema.has("items"))
                                .as(call + " response " + response.getKey() + " schema " + schema).isTrue();
                    }));
        }
    }

    @Test
    void everyOperationSaysHowItFails() {
        for (String call : operations()) {
            JsonNode responses = operation(call).path("responses");
            if (!call.contains(" /v1/")) {
                // Webhooks and tracking links are signed, not keyed.
                assertThat(operation(call).path("security")).as(call).isEmpty();
                continue;
            }
            for (String status : List.of("401", "403", "429", "503")) {
                assertThat(responses.path(status).path("content").has("application/problem+json"))
                        .as(call + " documents " + status).isTrue();
            }
            if (call.startsWith("POST ") || call.startsWith("PUT ") || call.startsWith("PATCH ")) {
                assertThat(responses.has("400")).as(call + " documents 400").isTrue();
                assertThat(responses.has("413")).as(call + " documents 413").isTrue();
            }
            if (call.contains("{")) {
                assertThat(responses.has("404")).as(call + " documents 404").isTrue();
            }
        }
    }

    @Test
    void everyPostTakesAnIdempotencyKeyAndEveryListACursor() {
        for (String call : operations()) {
            JsonNode parameters = operation(call).path("parameters");
            List<String> names = new ArrayList<>();
            parameters.forEach(p -> names.add(resolve(p).path("name").asString("")));
            if (call.startsWith("POST /v1/")) {
                assertThat(names).as(call).contains("Idempotency-Key");
            }
            JsonNode ok = operation(call).path("responses").path("200").path("content").path("application/json");
            if (call.startsWith("GET ") && resolve(ok.path("schema")).path("properties").has("nextCursor")) {
                assertThat(names).as(call + " pages").contains("cursor", "limit");
            }
        }
    }

    @Test
    void theDocsAreBrowsable() throws Exception {
        HttpResponse<String> docs = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/docs")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("swagger-ui");
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode at = node;
        while (at.has("$ref")) {
            String[] parts = at.get("$ref").asString().substring(2).split("/");
            at = document;
            for (String part : parts) {
                at = at.path(part);
            }
        }
        return at;
    }
}
