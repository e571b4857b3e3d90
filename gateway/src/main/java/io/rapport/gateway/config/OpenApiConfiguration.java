package io.rapport.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.Descriptor;
import io.rapport.gateway.conventions.IdempotencyFilter;
import io.rapport.gateway.web.ProtoSchemas;
import io.rapport.gateway.web.RestDoc;
import io.rapport.proto.campaign.v1.Campaign;
import io.rapport.proto.campaign.v1.CampaignDefinition;
import io.rapport.proto.campaign.v1.CampaignReport;
import io.rapport.proto.campaign.v1.Journey;
import io.rapport.proto.campaign.v1.JourneyDefinition;
import io.rapport.proto.campaign.v1.JourneyReport;
import io.rapport.proto.campaign.v1.JourneyRun;
import io.rapport.proto.campaign.v1.MessagePreview;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API's OpenAPI description, served at {@code /v3/api-docs} and browsable at {@code /docs} (no key needed
 * to read either). Besides what springdoc sees in the controllers: the schemas of the campaign and journey
 * resources (their gRPC messages, see {@link ProtoSchemas}), the statuses and bodies handlers name in
 * {@link RestDoc}, the conventions every call shares (errors as problem+json, rate limits, {@code Idempotency-Key})
 * and an example request body for every operation that takes one ({@code openapi/examples.json}).
 */
@Configuration
public class OpenApiConfiguration {

    private static final String API_KEY = "apiKey";
    private static final String CONSOLE_SESSION = "consoleSession";
    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    OpenAPI rapportApi() {
        return new OpenAPI()
                .info(new Info().title("Rapport API").version("v1")
                        .description("An event-sourced CRM: customers and every interaction with them, consent, "
                                + "predictions, segments, campaigns, journeys, messages and conversations. Each API "
                                + "key belongs to one workspace; its scopes (read, write, admin) decide what it may "
                                + "call. Lists page with `limit` and `cursor` (the previous page's `nextCursor`). "
                                + "POSTs take an `Idempotency-Key`. Every error is RFC 9457 problem+json.")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .servers(List.of(new Server().url("/").description("this gateway")))
                .components(new Components()
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("Authorization: Bearer <api key>"))
                        .addSecuritySchemes(CONSOLE_SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("rapport_session").description("The console's "
                                        + "session (POST /v1/sessions); a change also needs X-Rapport-Console: 1")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY))
                .addSecurityItem(new SecurityRequirement().addList(CONSOLE_SESSION));
    }

    /**
     * Bodies handlers read or write as JSON trees: the campaign and journey resources (their gRPC messages), the
     * requests around them, and inbound webhook payloads.
     */
    @Bean
    OpenApiCustomizer bodySchemas() {
        return api -> {
            @SuppressWarnings("rawtypes")
            Map<String, Schema> components = api.getComponents().getSchemas();
            resource(Campaign.getDescriptor(), "campaignId", components);
            resource(Journey.getDescriptor(), "journeyId", components);
            Schema<?> campaignDefinition = ProtoSchemas.ref(CampaignDefinition.getDescriptor(), components);
            Schema<?> journeyDefinition = ProtoSchemas.ref(JourneyDefinition.getDescriptor(), components);
            ProtoSchemas.ref(CampaignReport.getDescriptor(), components);
            ProtoSchemas.ref(JourneyReport.getDescriptor(), components);
            ProtoSchemas.ref(MessagePreview.getDescriptor(), components);
            components.put("CampaignCreate", object("definition")
                    .addProperty("id", new StringSchema().description("chosen by the caller; made up when absent"))
                    .addProperty("definition", campaignDefinition));
            components.put("CampaignUpdate", object("definition").addProperty("definition", campaignDefinition));
            components.put("CampaignCancel", object().addProperty("reason", new StringSchema()));
            components.put("CampaignPreviewRequest", object("customerId")
                    .addProperty("customerId", new StringSchema())
                    .addProperty("variantId", new StringSchema().description("this variant instead of the "
                            + "customer's own")));
            components.put("CampaignPage", page(ref("Campaign")));
            components.put("JourneyCreate", object("definition")
                    .addProperty("id", new StringSchema().description("chosen by the caller; made up when absent"))
                    .addProperty("definition", journeyDefinition));
            components.put("JourneyUpdate", object("definition").addProperty("definition", journeyDefinition));
            components.put("JourneyPreviewRequest", object("stepId", "customerId")
                    .addProperty("stepId", new StringSchema()).addProperty("customerId", new StringSchema()));
            components.put("JourneyPage", page(ref("Journey")));
            components.put("JourneyRunPage", page(ProtoSchemas.ref(JourneyRun.getDescriptor(), components)));
            components.put("InboundPayload", new ObjectSchema().description("What a provider posts. email, sms, "
                            + "social: id, from and text are required. delivery: message_id and status are.")
                    .addProperty("id", new StringSchema().description("the provider's id of the message (an "
                            + "e-mail's Message-ID); a repeat is ignored"))
                    .addProperty("from", new StringSchema().description("an e-mail address, a phone number or "
                            + "network:handle"))
                    .addProperty("name", new StringSchema()).addProperty("subject", new StringSchema())
                    .addProperty("text", new StringSchema())
                    .addProperty("thread_id", new StringSchema().description("SMS and social: the provider's "
                            + "thread"))
                    .addProperty("in_reply_to", new StringSchema())
                    .addProperty("references", new ArraySchema().items(new StringSchema()))
                    .addProperty("received_at", new StringSchema().format("date-time"))
                    .addProperty("message_id", new StringSchema().description("delivery: the message reported on"))
                    .addProperty("status", new StringSchema().description("delivery: DELIVERED, BOUNCED or FAILED"))
                    .addProperty("reason", new StringSchema()));
        };
    }

    /** The success status, request and response bodies a handler names in {@link RestDoc}. */
    @Bean
    OperationCustomizer restDoc() {
        return (operation, handler) -> {
            RestDoc doc = handler.getMethodAnnotation(RestDoc.class);
            if (doc == null) {
                return operation;
            }
            ApiResponses responses = operation.getResponses();
            ApiResponse success = responses.remove("200");
            if (success == null) {
                success = new ApiResponse();
            }
            success.description(switch (doc.status()) {
                case "201" -> "Created; Location names the new resource";
                case "202" -> "Accepted: the work goes on; Location names where to follow it";
                case "302" -> "Found: redirects to the link";
                default -> "OK";
            });
            if (doc.status().equals("302")) {
                success.content(null);
            }
            if (!doc.response().isEmpty()) {
                success.content(json(ref(doc.response())));
            }
            responses.addApiResponse(doc.status(), success);
            if (!doc.request().isEmpty()) {
                operation.requestBody(new RequestBody().required(true).content(json(ref(doc.request()))));
            }
            return operation;
        };
    }

    /** What every call shares: how it fails, its rate limit, and idempotent POSTs; an example body for each. */
    @Bean
    OpenApiCustomizer conventions() {
        Map<String, JsonNode> examples = examples();
        return api -> {
            api.getComponents().addSchemas(PROBLEM, problemSchema());
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                addExample(operation, examples);
                conventions(path, method, operation);
            }));
        };
    }

    private static void conventions(String path, HttpMethod method, Operation operation) {
        boolean write = method != HttpMethod.GET && method != HttpMethod.DELETE;
        ApiResponses responses = operation.getResponses();
        if (path.contains("{")) {
            responses.putIfAbsent("404", problem("No such resource in this workspace"));
        }
        if (write || operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            responses.putIfAbsent("400", problem("Invalid request: every problem is listed with its field"));
        }
        if (!path.startsWith("/v1/")) {
            // Webhooks and tracking links: signed, not keyed.
            operation.setSecurity(List.of());
            return;
        }
        responses.putIfAbsent("401", problem("Missing or unknown API key"));
        responses.putIfAbsent("403", problem("The API key lacks the scope the call needs"));
        responses.putIfAbsent("429", problem("Over this key's rate limit").addHeaderObject("Retry-After",
                seconds("Seconds until a request will pass")));
        responses.putIfAbsent("503", problem("A service is unavailable or too slow; retry after Retry-After")
                .addHeaderObject("Retry-After", seconds("Seconds to wait before retrying")));
        if (write) {
            responses.putIfAbsent("413", problem("The body is larger than allowed (10 MB for JSON)"));
            responses.putIfAbsent("422", problem("The request cannot be done in the resource's current state"));
        }
        boolean keyed = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> IdempotencyFilter.HEADER.equals(parameter.getName()));
        if (method == HttpMethod.POST && !keyed) {
            operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER).required(false)
                    .description("Makes the POST safe to retry: a repeat within 24 hours gets the first answer "
                            + "(with Idempotent-Replayed: true); the same key with another request gets 422")
                    .schema(new StringSchema().maxLength(255).example("8d1f0c2e-6b7a-4b55-9d1e-2f0a4c3b9e71")));
        }
        if (method == HttpMethod.POST) {
            responses.putIfAbsent("409", problem("A request with this Idempotency-Key is still running (or the "
                    + "resource exists already)"));
        }
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("interactions[1].channel: required"))
                .addProperty("instance", new StringSchema().example("/v1/interactions"))
                .addProperty("errors", new ArraySchema().items(new StringSchema())
                        .description("every problem found, as 'field: cause'"))
                .addProperty("field", new StringSchema().description("the field a rule or template problem is in"))
                .addProperty("position", new IntegerSchema().description("the 1-based character it is at"));
    }

    private static void addExample(Operation operation, Map<String, JsonNode> examples) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        MediaType json = operation.getRequestBody().getContent().get("application/json");
        JsonNode example = examples.get(operation.getOperationId());
        if (json != null && example != null) {
            json.setExample(JSON.convertValue(example, Object.class));
        }
    }

    private static Map<String, JsonNode> examples() {
        try (InputStream in = new ClassPathResource("openapi/examples.json").getInputStream()) {
            Map<String, JsonNode> examples = new LinkedHashMap<>();
            JSON.readTree(in).properties().forEach(entry -> examples.put(entry.getKey(), entry.getValue()));
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi/examples.json", e);
        }
    }

    /** A message as a REST resource: its id field named {@code id}, first. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void resource(Descriptor message, String idField, Map<String, Schema> components) {
        ProtoSchemas.ref(message, components);
        Schema schema = components.get(message.getName());
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("id", (Schema) schema.getProperties().get(idField));
        ((Map<String, Schema>) schema.getProperties()).forEach((name, property) -> {
            if (!name.equals(idField)) {
                properties.put(name, property);
            }
        });
        schema.setProperties(properties);
    }

    private static ObjectSchema object(String... required) {
        ObjectSchema schema = new ObjectSchema();
        schema.additionalProperties(false);
        if (required.length > 0) {
            schema.required(List.of(required));
        }
        return schema;
    }

    private static Schema<?> page(Schema<?> item) {
        return object("items").addProperty("items", new ArraySchema().items(item))
                .addProperty("nextCursor", new StringSchema().description("the next page's cursor; absent on the "
                        + "last page"));
    }

    private static Schema<?> ref(String component) {
        return new Schema<>().$ref("#/components/schemas/" + component);
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }

    private static Header seconds(String description) {
        return new Header().description(description).schema(new IntegerSchema().example(5));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(ref(PROBLEM))));
    }
}
