package io.rapport.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rapport.platform.tenant.ServiceCredential;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rapport as a user meets it: {@code ./rapport up} starts three services and the gateway as real processes
 * talking gRPC over loopback, and everything goes through REST on a real socket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteEndToEndIT {

    @TempDir
    static Path data;

    private static RapportSuite suite;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Ids of resources of the suite's own workspace that only a test made earlier knows, by path (imports, ...). */
    private static final Map<String, String> OWN_IDS = new ConcurrentHashMap<>();
    /** The admin key of a second workspace, made through the API. */
    private static String otherWorkspaceKey;

    /** The SMTP server the messaging service delivers to: a real one, read by the test. */
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    @BeforeAll
    static void up() throws Exception {
        SMTP.start();
        suite = new RapportSuite("SuiteEndToEndIT", data, SMTP.getSmtp().getPort());
        suite.up();
    }

    @AfterAll
    static void down() throws Exception {
        if (suite != null) {
            suite.close();
        }
        SMTP.stop();
    }

    private static HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(suite.gateway() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, RapportSuite.API_KEY);
    }

    private static String interaction(String eventId, String customer, String channel, String kind, String amount) {
        return """
                {"eventId":"%s","customerId":"%s","channel":"%s","direction":"INBOUND","kind":"%s",
                 "occurredAt":"2026-10-0%dT12:00:00Z"%s}""".formatted(eventId, customer, channel, kind,
                1 + Math.abs(eventId.hashCode() % 9), amount == null ? "" : ",\"amount\":\"" + amount + "\",\"currency\":\"EUR\"");
    }

    /**
     * A customer reads as their last command left them; events from the other services (sends, deliveries, replies)
     * arrive moments later: waits until the view reflects {@code version} events.
     */
    private static JsonNode awaitCustomer(String id, long version) {
        HttpResponse<String> response = Awaitility.await("customer " + id + " at version " + version)
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> send("GET", "/v1/customers/" + id, null), answer -> answer.statusCode() == 200
                        && JSON.readTree(answer.body()).get("version").asLong() >= version);
        return JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detailPart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).contains(detailPart);
    }

    @Test
    @Order(1)
    void theSuiteStartsWithItsDataWhereItWasTold() throws Exception {
        assertThat(suite.output()).anySatisfy(line -> assertThat(line).contains("Gateway:   " + suite.gateway()));
        assertThat(suite.output()).anySatisfy(line -> assertThat(line).contains("RAPPORT_BOOTSTRAP_API_KEY"));
        assertThat(suite.run(suite.root.resolve("rapport").toString(), "status")).isZero();
        for (String service : new String[] {"relationship", "campaign", "messaging"}) {
            assertThat(Files.exists(data.resolve(service).resolve("mongo.mv.db"))).as(service + " store file").isTrue();
        }
    }

    /** Every customer of the workspace, page by page. */
    private static List<String> listedCustomers() throws Exception {
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(send("GET", "/v1/customers?limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor), null).body());
            page.get("items").forEach(customer -> listed.add(customer.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        return listed;
    }

    @Test
    @Order(2)
    void theWorkspacesCustomersArePagedInIdOrder() throws Exception {
        for (String id : List.of("list-3", "list-1", "list-2")) {
            assertThat(send("POST", "/v1/customers", "{\"id\":\"" + id + "\"}").statusCode()).isEqualTo(201);
        }
        // Lists read the stored views, which follow the events by moments.
        List<String> listed = await().atMost(Duration.ofSeconds(60)).until(SuiteEndToEndIT::listedCustomers,
                ids -> ids.containsAll(List.of("list-1", "list-2", "list-3")));
        assertThat(listed).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates()
                .contains("list-1", "list-2", "list-3");

        JsonNode first = JSON.readTree(send("GET", "/v1/customers?limit=2", null).body());
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = JSON.readTree(send("GET", "/v1/customers?limit=2&cursor="
                + first.get("nextCursor").asString(), null).body());
        assertThat(second.get("items").get(0).get("id").asString()).isEqualTo(listed.get(2));
        assertProblem(send("GET", "/v1/customers?limit=0", null), 400, "limit");
        assertProblem(send("GET", "/v1/customers?cursor=nonsense", null), 400, "not a cursor from this list");
    }

    @Test
    @Order(2)
    void aRegisteredCustomersInteractionsAreReadBack() throws Exception {
        HttpResponse<String> registered = send("POST", "/v1/customers",
                "{\"id\":\"ada\",\"firstName\":\"Ada\",\"email\":\"ada@example.com\",\"timeZone\":\"Europe/London\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(registered.headers().firstValue("Location")).contains("/v1/customers/ada");

        HttpResponse<String> recorded = send("POST", "/v1/interactions", "{\"interactions\":["
                + interaction("o-1", "ada", "STORE", "PURCHASE", "40.00") + ","
                + interaction("o-2", "ada", "WEB", "PURCHASE", "2.50") + ","
                + interaction("e-1", "ada", "EMAIL", "OPEN", null) + "]}");
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(200);
        assertThat(JSON.readTree(recorded.body()).get("results").findValuesAsString("outcome"))
                .containsExactly("RECORDED", "RECORDED", "RECORDED");

        JsonNode ada = awaitCustomer("ada", 5);
        assertThat(ada.get("profile").get("firstName").asString()).isEqualTo("Ada");
        assertThat(ada.get("identifiers").findValuesAsString("value")).containsExactly("ada@example.com");
        assertThat(ada.get("interactionCount").asLong()).isEqualTo(3);
        assertThat(ada.get("orderCount").asLong()).isEqualTo(2);
        assertThat(ada.get("spend").get("EUR").asString()).isEqualTo("42.50");
        assertThat(ada.get("recentInteractions")).hasSize(3);
        JsonNode found = JSON.readTree(send("GET", "/v1/identifiers?type=email&value=%20Ada@Example.com", null).body());
        assertThat(found.get("customerId").asString()).isEqualTo("ada");
        assertThat(found.get("value").asString()).isEqualTo("ada@example.com");
        assertThat(found.get("type").asString()).isEqualTo("EMAIL");
        assertProblem(send("GET", "/v1/identifiers?type=EMAIL&value=nobody@example.com", null), 404, "nobody");
        assertProblem(send("GET", "/v1/identifiers?type=FAX&value=1", null), 400, "identifier.type");
        assertProblem(send("GET", "/v1/identifiers?type=EMAIL", null), 400, "identifier.value");

        HttpResponse<String> consent = send("POST", "/v1/customers/ada/consents",
                "{\"channel\":\"EMAIL\",\"purpose\":\"marketing\",\"granted\":true,\"source\":\"signup-form\","
                        + "\"at\":\"2026-10-01T00:00:00Z\"}");
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        assertThat(JSON.readTree(send("GET", "/v1/customers/ada/consents/check?channel=EMAIL&purpose=marketing"
                + "&at=2026-10-02T00:00:00Z", null).body()).get("held").asBoolean()).isTrue();
        assertThat(JSON.readTree(send("GET", "/v1/customers/ada/consents/check?channel=EMAIL&purpose=marketing"
                + "&at=2026-09-30T00:00:00Z", null).body()).get("held").asBoolean()).isFalse();
        assertProblem(send("POST", "/v1/customers/ada/consents", "{\"channel\":\"FAX\",\"purpose\":\"marketing\"}"),
                400, "unknown value 'FAX'");
        // The consent history: consent changes alone, newest first, among Ada's purchases and registration.
        JsonNode history = JSON.readTree(send("GET", "/v1/customers/ada/timeline?type=CONSENT_CHANGED", null).body());
        assertThat(history.get("entries").findValuesAsString("type")).isNotEmpty().containsOnly("CONSENT_CHANGED");
        assertThat(history.get("entries").get(0).get("consent").get("source").asString()).isEqualTo("signup-form");
        assertThat(JSON.readTree(send("GET", "/v1/customers/ada/timeline?type=CONSENT_CHANGED&type=REGISTERED", null)
                .body()).get("entries").findValuesAsString("type")).contains("REGISTERED", "CONSENT_CHANGED");
        assertProblem(send("GET", "/v1/customers/ada/timeline?type=CONSENT", null), 400, "unknown value 'CONSENT'");

        HttpResponse<String> longAgo = send("GET", "/v1/customers/ada?knownAt=2001-01-01T00:00:00Z", null);
        assertProblem(longAgo, 404, "at that time");
        JsonNode known = JSON.readTree(send("GET", "/v1/customers/ada?knownAt=2100-01-01T00:00:00Z", null).body());
        assertThat(known.get("spend").get("EUR").asString()).as("everything known folds to today's view").isEqualTo("42.50");
    }

    @Test
    @Order(3)
    void theCdnowSampleImportedFromTheCommandLineIsLearnedFromAndAnswersAsOfQueries() throws Exception {
        Path sample = suite.root.resolve("services/relationship/src/test/resources/cdnow/CDNOW_sample.txt");
        assertThat(suite.run(suite.root.resolve("rapport").toString(), "import", sample.toString(), "--format", "cdnow"))
                .as(String.join("\n", suite.output())).isZero();
        assertThat(suite.output().get(suite.output().size() - 1)).contains("SUCCEEDED").contains("rows read      6,919")
                .contains("interactions recorded 6,919");

        JsonNode fit;
        HttpResponse<String> fitted;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        do {
            fitted = send("POST", "/v1/models/purchase/fits", "{\"asOf\":\"1997-09-30T00:00:00Z\"}");
            assertThat(fitted.statusCode()).as(fitted.body()).isEqualTo(201);
            fit = JSON.readTree(fitted.body());
        } while (fit.get("customers").asInt() < 2_357 && System.nanoTime() < deadline);
        String fitId = fit.get("id").asString();
        assertThat(fitted.headers().firstValue("Location")).contains("/v1/models/purchase/fits/" + fitId);
        assertThat(JSON.readTree(send("GET", "/v1/models/purchase/fits/" + fitId, null).body()).get("r").asDouble())
                .isEqualTo(fit.get("r").asDouble());
        JsonNode fits = JSON.readTree(send("GET", "/v1/models/purchase/fits?limit=1", null).body());
        assertThat(fits.get("items").get(0).get("id").asString()).as("newest first").isEqualTo(fitId);
        assertProblem(send("GET", "/v1/models/purchase/fits/no-such-fit", null), 404, "no fit 'no-such-fit'");
        assertProblem(send("GET", "/v1/models/purchase/fits?cursor=nonsense", null), 400,
                "not a cursor from this list");
        assertThat(fit.get("r").asDouble()).isCloseTo(0.243, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(fit.get("gamma").asDouble()).isCloseTo(15.44, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(JSON.readTree(send("GET", "/v1/models/purchase/fits/latest", null).body()).get("id").asString())
                .isEqualTo(fit.get("id").asString());

        JsonNode asOf = JSON.readTree(send("GET", "/v1/customers/00004?asOf=1997-09-30T00:00:00Z&horizonDays=273",
                null).body());
        assertThat(asOf.get("orderCount").asLong()).isEqualTo(3);
        assertThat(asOf.get("prediction").get("pAlive").asDouble()).isBetween(0.0, 1.0);
        assertThat(asOf.get("prediction").get("expectedPurchases").asDouble()).isPositive();
        assertThat(asOf.get("prediction").get("expectedValue").asDouble()).isPositive();
        assertThat(asOf.get("stage").asString()).isNotBlank();

        JsonNode page = JSON.readTree(send("GET", "/v1/customers/00004/timeline?kind=PURCHASE&limit=2", null).body());
        assertThat(page.get("entries")).hasSize(2);
        JsonNode next = JSON.readTree(send("GET", "/v1/customers/00004/timeline?kind=PURCHASE&limit=2&cursor="
                + page.get("nextCursor").asString(), null).body());
        assertThat(next.get("entries")).hasSize(2);
        assertThat(next.get("entries").get(0).get("at").asString())
                .isLessThan(page.get("entries").get(1).get("at").asString());

        assertProblem(send("GET", "/v1/customers/00004?horizonDays=0", null), 400, "horizonDays");
        assertProblem(send("GET", "/v1/customers/00004/timeline?channel=FAX", null), 400, "unknown value 'FAX'");
        assertProblem(send("GET", "/v1/imports/no-such-import", null), 404, "no import");
        assertProblem(upload("ndjson", null, "x.ndjson", ""), 400, "non-empty file");
        assertProblem(upload("excel", null, "x.xls", "a"), 400, "format");
        assertProblem(upload("csv", "{\"customerId\":\"c\"}", "x.csv", "c\n1\n"), 400, "mapping must give");
    }

    @Test
    @Order(3)
    void anNdjsonUploadRunsAsAJobWithAReport() throws Exception {
        HttpResponse<String> started = upload("ndjson", null, "events.ndjson", """
                {"customerId":"nd-1","eventId":"n1","channel":"SOCIAL","kind":"COMPLAINT","occurredAt":"2026-02-01T10:00:00Z","content":"Terrible service, still waiting!"}
                {"customerId":"nd-1","eventId":"n2","channel":"EMAIL","kind":"TELEPORT","occurredAt":"2026-02-01T10:00:00Z"}
                """);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        OWN_IDS.put("imports", location.substring(location.lastIndexOf('/') + 1));
        JsonNode job;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            job = JSON.readTree(send("GET", location, null).body());
        } while ("RUNNING".equals(job.get("status").asString()) && System.nanoTime() < deadline);
        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("rowsRead").asLong()).isEqualTo(2);
        assertThat(job.get("recorded").asLong()).isEqualTo(1);
        assertThat(job.get("skipped").properties()).singleElement()
                .satisfies(reason -> assertThat(reason.getKey()).startsWith("kind 'TELEPORT'"));
        assertThat(awaitCustomer("nd-1", 2).get("sentiment").get("latest").asDouble()).isNegative();
        JsonNode imports = JSON.readTree(send("GET", "/v1/imports?limit=100", null).body());
        assertThat(imports.get("items").findValuesAsString("id")).contains(OWN_IDS.get("imports"));
        assertThat(imports.get("items").findValuesAsString("startedAt").stream().map(java.time.Instant::parse)
                .toList()).isSortedAccordingTo(Comparator.reverseOrder());
        assertProblem(send("GET", "/v1/imports?limit=101", null), 400, "limit");

        HttpResponse<String> forgotten = send("DELETE", "/v1/customers/nd-1", null);
        assertThat(forgotten.statusCode()).as(forgotten.body()).isEqualTo(200);
        assertThat(JSON.readTree(forgotten.body()).get("forgotten").asBoolean()).isTrue();
        JsonNode erased = awaitCustomer("nd-1", 3);
        assertThat(erased.get("erased").asBoolean()).isTrue();
        assertThat(erased.get("recentInteractions").get(0).has("content")).isFalse();
    }

    @Test
    @Order(4)
    void anAdminReplayRebuildsTheViewsAndTheyStillAnswer() throws Exception {
        HttpResponse<String> started = send("POST", "/v1/admin/replays", null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        OWN_IDS.put("admin/replays", location.substring(location.lastIndexOf('/') + 1));
        JsonNode job = Awaitility.await("the replay").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> JSON.readTree(send("GET", location, null).body()),
                        replay -> !"RUNNING".equals(replay.get("status").asString()));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("eventsDone").asLong()).isGreaterThanOrEqualTo(job.get("eventsTotal").asLong());
        assertThat(awaitCustomer("ada", 4).get("spend").get("EUR").asString()).isEqualTo("42.50");
        assertProblem(send("GET", "/v1/admin/replays/unknown", null), 404, "no replay");
        JsonNode deadLetters = JSON.readTree(send("GET", "/v1/admin/dead-letters", null).body());
        assertThat(deadLetters.get("totals").propertyNames()).containsExactly("relationship", "campaign", "messaging");
        assertThat(deadLetters.get("items").size()).as(deadLetters.toString()).isZero();
        assertProblem(send("DELETE", "/v1/admin/dead-letters/relationship/unknown", null), 404, "no dead letter");
        assertProblem(send("POST", "/v1/admin/dead-letters/nowhere/x/retry", null), 400, "service: one of");
    }

    @Test
    @Order(1)
    void theApiDescribesItselfInOpenApi() throws Exception {
        HttpResponse<String> described = send("GET", "/v3/api-docs", null, null);
        assertThat(described.statusCode()).as(described.body()).isEqualTo(200);
        JsonNode api = JSON.readTree(described.body());
        assertThat(api.get("openapi").asString()).startsWith("3.");
        assertThat(api.get("paths").propertyNames()).contains("/v1/customers", "/v1/customers/batch",
                "/v1/customers/{id}",
                "/v1/customers/{id}/timeline", "/v1/interactions", "/v1/imports", "/v1/imports/{id}",
                "/v1/models/purchase/fits", "/v1/models/purchase/fits/latest", "/v1/admin/replays",
                "/v1/admin/replays/{id}");
        assertThat(api.get("paths").get("/v1/customers/{id}").get("get").get("responses").has("404")).isTrue();
        assertThat(api.get("components").get("securitySchemes").has("apiKey")).isTrue();
    }

    @Test
    @Order(3)
    void customersAreNamedByAnyIdentifierAndMergedAndUnmerged() throws Exception {
        assertThat(send("POST", "/v1/customers", "{\"id\":\"kim\",\"email\":\"kim@example.com\","
                + "\"identifiers\":[{\"type\":\"SOCIAL\",\"value\":\"insta:Kim\"}]}").statusCode()).isEqualTo(201);
        assertProblem(send("POST", "/v1/customers", "{\"id\":\"kim2\",\"email\":\"KIM@example.com\"}"), 409, "'kim'");
        assertProblem(send("POST", "/v1/customers", "{\"id\":\"kim3\",\"identifiers\":[{\"type\":\"FAX\"}]}"),
                400, "identifiers[0].type");

        // A customer base comes in by batch: by id or by identifier, with consents; each gets its result.
        String batch = """
                {"customers":[
                  {"id":"kim","lastName":"Kang","attributes":{"tier":"gold"},
                   "consents":[{"channel":"EMAIL","purpose":"marketing","granted":true,"source":"crm"}]},
                  {"email":"lou@example.com","firstName":"Lou"},
                  {"id":"kim4","email":"kim@example.com"}]}""";
        JsonNode upserted = JSON.readTree(send("POST", "/v1/customers/batch", batch).body()).get("results");
        assertThat(upserted.findValuesAsString("outcome")).containsExactly("UPDATED", "CREATED", "CONFLICT");
        assertThat(upserted.get(2).get("message").asString()).contains("'kim'");
        assertThat(JSON.readTree(send("POST", "/v1/customers/batch", batch).body()).get("results")
                .findValuesAsString("outcome")).containsExactly("UNCHANGED", "UNCHANGED", "CONFLICT");
        // Registered with two identifiers (3), then the batch's profile change and consent.
        assertThat(awaitCustomer("kim", 5).get("profile").get("attributes").get("tier").asString()).isEqualTo("gold");
        assertProblem(send("POST", "/v1/customers/batch", "{\"customers\":[{\"firstName\":\"Nobody\"},"
                + "{\"id\":\"x\",\"consents\":[{\"channel\":\"FAX\",\"granted\":true}]}]}"), 400,
                "customers[1].consents[0].channel");
        assertProblem(send("POST", "/v1/customers/batch", "{\"customers\":[{\"firstName\":\"Nobody\"}]}"), 400,
                "customers[0].id: required unless");

        HttpResponse<String> byHandle = send("POST", "/v1/interactions", """
                {"interactions":[{"eventId":"k-1","customerIdentifier":{"type":"SOCIAL","value":"insta:kim"},
                 "channel":"SOCIAL","direction":"INBOUND","kind":"REPLY","occurredAt":"2026-10-01T10:00:00Z"}]}""");
        assertThat(JSON.readTree(byHandle.body()).get("results").get(0).get("customerId").asString()).isEqualTo("kim");
        send("POST", "/v1/interactions", "{\"interactions\":[" + interaction("k-old-1", "kim-old", "STORE", "PURCHASE",
                "9.00") + "]}");
        awaitCustomer("kim-old", 2);

        HttpResponse<String> merged = send("POST", "/v1/customers/kim/merges", "{\"mergedCustomerId\":\"kim-old\"}");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        JsonNode kim = awaitCustomer("kim", 7);
        assertThat(kim.get("mergedCustomers").get(0).asString()).isEqualTo("kim-old");
        assertThat(kim.get("orderCount").asLong()).isEqualTo(1);
        assertThat(kim.get("identifiers").findValuesAsString("value")).contains("kim@example.com", "insta:kim");
        JsonNode timeline = JSON.readTree(send("GET", "/v1/customers/kim/timeline", null).body());
        assertThat(timeline.get("entries").findValuesAsString("type")).contains("MERGED");
        assertThat(timeline.get("entries").findValuesAsString("customerId")).contains("kim-old");
        assertProblem(send("POST", "/v1/customers/kim/merges", "{}"), 400, "mergedCustomerId");

        assertThat(send("DELETE", "/v1/customers/kim/merges/kim-old", null).statusCode()).isEqualTo(200);
        assertThat(awaitCustomer("kim", 8).get("orderCount").asLong()).isZero();
    }

    @Test
    @Order(3)
    void aMessageSentThroughTheApiArrivesByEmailOnce() throws Exception {
        String body = """
                {"idempotencyKey":"welcome-ada","customerId":"newcomer","channel":"EMAIL","purpose":"TRANSACTIONAL",
                 "to":"ada@example.com","template":{"subject":"Welcome, {{ first_name }}",
                 "body":"Hi {{ first_name }}, glad you are here."},"variables":{"first_name":"Ada"}}""";
        HttpResponse<String> sent = send("POST", "/v1/messages", body);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(sent.headers().firstValue("Location")).contains("/v1/messages/welcome-ada");
        long arrival = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (welcomeMails() == 0 && System.nanoTime() < arrival) {
            Thread.sleep(100);
        }
        assertThat(welcomeMails()).isEqualTo(1);

        assertThat(JSON.readTree(send("POST", "/v1/messages", body).body()).get("state").asString())
                .as("the same key again sends nothing").isIn("RENDERED", "DISPATCHED");
        JsonNode message;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        do {
            message = JSON.readTree(send("GET", "/v1/messages/welcome-ada", null).body());
        } while (!"DISPATCHED".equals(message.get("state").asString()) && System.nanoTime() < deadline);
        assertThat(message.get("history").findValuesAsString("state")).containsExactly("REQUESTED", "RENDERED",
                "SENDING", "DISPATCHED");
        Thread.sleep(500);
        assertThat(welcomeMails()).as("the same key sent nothing more").isEqualTo(1);
        assertProblem(send("POST", "/v1/messages", "{\"channel\":\"FAX\"}"), 400, "unknown value 'FAX'");

        // The links inside: one-click unsubscribe (withdraws consent), opens and clicks; a changed link records nothing.
        MimeMessage mail = java.util.Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return "Welcome, Ada".equals(m.getSubject());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        String unsubscribe = mail.getHeader("List-Unsubscribe")[0].replaceAll("[<>]", "");
        assertThat(unsubscribe).startsWith(suite.gateway() + "/t/unsubscribe/");
        String token = unsubscribe.substring(unsubscribe.lastIndexOf('/') + 1);
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertProblem(send("POST", "/t/unsubscribe/" + tampered, null, null), 400, "changed");
        // A scanner's prefetch of the link only shows the question; the token of another purpose opens no door.
        HttpResponse<String> question = send("GET", "/t/unsubscribe/" + token, null, null);
        assertThat(question.statusCode()).isEqualTo(200);
        assertThat(question.body()).contains("<form method=\"post\" action=\"/t/unsubscribe/" + token + "\"");
        assertProblem(send("GET", "/t/open/" + token, null, null), 400, "changed");
        String openToken = linkToken(token, "OPEN", "");
        assertProblem(send("POST", "/t/unsubscribe/" + openToken, null, null), 400, "changed");
        assertThat(send("POST", "/t/unsubscribe/" + token, "List-Unsubscribe=One-Click", null).statusCode()).isEqualTo(200);
        HttpResponse<String> pixel = send("GET", "/t/open/" + openToken, null, null);
        assertThat(pixel.statusCode()).isEqualTo(200);
        assertThat(pixel.headers().firstValue("Content-Type")).hasValue("image/gif");
        String target = "https://shop.example.com/autumn";
        HttpResponse<String> click = send("GET", "/t/click/" + linkToken(token, "CLICK", target) + "?u="
                + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8), null, null);
        assertThat(click.statusCode()).isEqualTo(302);
        assertThat(click.headers().firstValue("Location")).hasValue(target);
        assertProblem(send("GET", "/t/click/" + linkToken(token, "CLICK", target) + "?u="
                + java.net.URLEncoder.encode("https://evil.example.com", java.nio.charset.StandardCharsets.UTF_8),
                null, null), 400, "changed");
        assertThat(awaitTimelineEntry("newcomer", "UNSUBSCRIBE").get("interaction").get("direction").asString())
                .isEqualTo("INBOUND");
        awaitTimelineEntry("newcomer", "OPEN");
        awaitTimelineEntry("newcomer", "CLICK");
        JsonNode consent = JSON.readTree(send("GET", "/v1/customers/newcomer/consents/check?channel=EMAIL"
                + "&purpose=marketing", null).body());
        assertThat(consent.get("held").asBoolean()).isFalse();
        assertThat(consent.get("source").asString()).startsWith("unsubscribe:");
        JsonNode refused = null;
        for (int i = 0; i < 50 && (refused == null || !"SUPPRESSED".equals(refused.get("state").asString())); i++) {
            Thread.sleep(100);
            refused = JSON.readTree(send("POST", "/v1/messages", """
                    {"idempotencyKey":"promo-to-ada-%d","customerId":"someone-else","channel":"EMAIL",
                     "purpose":"MARKETING","to":"ada@example.com","template":{"body":"News"}}""".formatted(i)).body());
        }
        assertThat(refused.get("reason").asString()).as("the address unsubscribed, whoever it belongs to")
                .isEqualTo("known-bad address for marketing: unsubscribed before");
        assertProblem(send("GET", "/v1/messages/nope", null), 404, "no message");
    }

    /** A click link's token as the messaging service signs it: the same message, another target. */
    /** A link's token for {@code purpose} (OPEN, CLICK, UNSUBSCRIBE), signed as the messaging service signs. */
    private static String linkToken(String messageToken, String purpose, String target) throws Exception {
        String payload = messageToken.substring(0, messageToken.lastIndexOf('.'));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(RapportSuite.SIGNING_KEY.getBytes(
                java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return payload + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal((payload + "\n" + purpose + "\n" + target)
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    private static long welcomeMails() {
        return java.util.Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return "Welcome, Ada".equals(m.getSubject());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).count();
    }

    @Test
    @Order(3)
    void aMessageToThePreferredChannelIsAddressedAndWrittenFromTheRelationship() throws Exception {
        assertThat(send("POST", "/v1/customers", "{\"id\":\"pat\",\"firstName\":\"Pat\","
                + "\"email\":\"pat@example.com\"}").statusCode()).isEqualTo(201);
        send("POST", "/v1/interactions", "{\"interactions\":[" + interaction("pat-open", "pat", "EMAIL", "OPEN", null)
                + "]}");
        awaitCustomer("pat", 3);
        HttpResponse<String> sent = send("POST", "/v1/messages", """
                {"idempotencyKey":"pat-hello","customerId":"pat","channel":"PREFERRED","purpose":"TRANSACTIONAL",
                 "template":{"subject":"Hello {{ customer_first_name }}","body":"Hi {{ customer_first_name }}!"}}""");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        MimeMessage mail = null;
        while (mail == null && System.nanoTime() < deadline) {
            mail = java.util.Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
                try {
                    return "Hello Pat".equals(m.getSubject());
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }).findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertThat(mail).as("the e-mail to Pat").isNotNull();
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("pat@example.com");
        assertThat(((String) mail.getContent()).trim()).isEqualTo("Hi Pat!");
    }

    /** A provider's webhook, signed with the workspace's inbound secret as the README describes. */
    private static HttpResponse<String> webhook(String kind, String body, String secret) throws Exception {
        String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "HmacSHA256"));
        String signature = "v1=" + java.util.HexFormat.of().formatHex(
                mac.doFinal((timestamp + "." + body).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(suite.gateway() + "/inbound/" + RapportSuite.WORKSPACE
                        + "/" + kind)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-Rapport-Timestamp", timestamp).header("X-Rapport-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static MimeMessage awaitMail(java.util.function.Predicate<MimeMessage> wanted) {
        return Awaitility.await("such an e-mail").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Arrays.stream(SMTP.getReceivedMessages()).filter(wanted).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static boolean addressedTo(MimeMessage mail, String address) {
        try {
            return mail.getAllRecipients()[0].toString().equals(address);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode awaitConversation(String id, java.util.function.Predicate<JsonNode> condition) {
        return Awaitility.await("conversation " + id).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> JSON.readTree(send("GET", "/v1/conversations/" + id, null).body()), condition::test);
    }

    private static List<String> listedConversations(String query) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        JsonNode page;
        do {
            HttpResponse<String> response = send("GET", "/v1/conversations" + query, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            page = JSON.readTree(response.body());
            if (!page.get("items").isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return page.get("items").findValuesAsString("id");
    }

    @Test
    @Order(3)
    void aComplaintRepliedToByEmailIsThreadedFlaggedAnsweredAndTimed() throws Exception {
        assertThat(send("POST", "/v1/customers", "{\"id\":\"ivy\",\"firstName\":\"Ivy\","
                + "\"email\":\"ivy@example.com\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> ordered = send("POST", "/v1/messages", """
                {"idempotencyKey":"ivy-order","customerId":"ivy","channel":"EMAIL","purpose":"TRANSACTIONAL",
                 "template":{"subject":"Your order","body":"Your order is on its way."}}""");
        assertThat(ordered.statusCode()).isEqualTo(202);
        // Accepted is not sent: a suppressed message (its reason in the body) would never reach the inbox below.
        assertThat(JSON.readTree(ordered.body()).get("state").asString()).as("the send's outcome: %s", ordered.body())
                .isEqualTo("RENDERED");
        MimeMessage order = awaitMail(mail -> addressedTo(mail, "ivy@example.com"));
        String secret = JSON.readTree(send("GET", "/v1/admin/inbound-secret", null).body()).get("secret").asString();

        String complaint = """
                {"id":"<ivy-1@mail.example>","from":"ivy@example.com","name":"Ivy Example","subject":"Re: Your order",
                 "text":"Hello. My parcel arrived broken and nobody answers my emails. This is terrible.",
                 "in_reply_to":"%s"}""".formatted(order.getMessageID());
        HttpResponse<String> received = webhook("email", complaint, secret);
        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        JsonNode receipt = JSON.readTree(received.body());
        assertThat(receipt.get("customerId").asString()).isEqualTo("ivy");
        assertThat(receipt.get("recorded").asBoolean()).isTrue();
        assertThat(receipt.get("complaint").asBoolean()).isTrue();
        String conversationId = receipt.get("conversationId").asString();
        JsonNode again = JSON.readTree(webhook("email", complaint, secret).body());
        assertThat(again.get("recorded").asBoolean()).as("a repeated webhook records nothing").isFalse();
        assertThat(again.get("conversationId").asString()).isEqualTo(conversationId);
        assertProblem(webhook("email", complaint.replace("terrible", "terrific"), "not-the-secret"), 401,
                "X-Rapport-Signature");

        JsonNode conversation = awaitConversation(conversationId, c -> c.get("inboundCount").asInt() == 1);
        assertThat(conversation.get("flaggedComplaint").asBoolean()).isTrue();
        assertThat(conversation.get("status").asString()).isEqualTo("OPEN");
        assertThat(conversation.get("suggestedReply").asString()).startsWith("Hi Ivy,")
                .contains("\u201CMy parcel arrived broken and nobody answers my emails.\u201D");
        assertThat(conversation.get("messages").get(0).get("sentiment").asDouble()).isNegative();
        assertThat(listedConversations("?flagged=true")).contains(conversationId);
        JsonNode timelineEntry = awaitTimelineEntry("ivy", "COMPLAINT");
        assertThat(timelineEntry.get("interaction").get("eventId").asString())
                .isEqualTo("inbound:email:<ivy-1@mail.example>");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode replied;
        do {
            replied = JSON.readTree(send("GET", "/v1/messages/ivy-order", null).body());
        } while (!"REPLIED".equals(replied.get("state").asString()) && System.nanoTime() < deadline);
        assertThat(replied.get("history").findValuesAsString("state")).contains("DISPATCHED", "REPLIED");

        HttpResponse<String> answer = send("POST", "/v1/conversations/" + conversationId + "/replies",
                "{\"replyId\":\"ivy-r1\",\"agent\":\"sam\",\"text\":\"Ivy, I am so sorry. A new parcel leaves today.\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        MimeMessage agentMail = awaitMail(mail -> {
            try {
                return addressedTo(mail, "ivy@example.com") && "Re: Your order".equals(mail.getSubject());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(((String) agentMail.getContent()).trim()).isEqualTo("Ivy, I am so sorry. A new parcel leaves today.");
        conversation = awaitConversation(conversationId, c -> c.get("replyCount").asInt() == 1);
        assertThat(conversation.get("status").asString()).isEqualTo("PENDING");
        assertThat(conversation.get("flaggedComplaint").asBoolean()).isFalse();
        assertThat(conversation.get("firstResponseSeconds").asDouble()).isPositive();
        assertThat(conversation.get("messages").findValuesAsString("agent")).contains("sam");

        HttpResponse<String> thanks = webhook("email", """
                {"id":"<ivy-2@mail.example>","from":"ivy@example.com","subject":"Re: Your order",
                 "text":"Thank you, that is very kind.","references":["<ivy-1@mail.example>","%s"]}"""
                .formatted(agentMail.getMessageID()), secret);
        assertThat(JSON.readTree(thanks.body()).get("conversationId").asString()).isEqualTo(conversationId);
        conversation = awaitConversation(conversationId, c -> c.get("inboundCount").asInt() == 2);
        assertThat(conversation.get("status").asString()).isEqualTo("OPEN");
        assertThat(conversation.get("messages").get(2).get("complaint").asBoolean()).isFalse();

        JsonNode closed = JSON.readTree(send("PATCH", "/v1/conversations/" + conversationId,
                "{\"status\":\"CLOSED\",\"assignee\":\"sam\"}").body());
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.get("assignee").asString()).isEqualTo("sam");
        assertProblem(send("PATCH", "/v1/conversations/" + conversationId, "{\"status\":\"SNOOZED\"}"), 400,
                "status");
        assertProblem(send("GET", "/v1/conversations/conv-nope", null), 404, "no conversation");
        assertProblem(send("POST", "/v1/conversations/" + conversationId + "/replies", "{}"), 400, "text");
    }

    @Test
    @Order(3)
    void smsRepliesThreadByTheProvidersThreadAndDeliveryReportsStopBadAddresses() throws Exception {
        String secret = JSON.readTree(send("GET", "/v1/admin/inbound-secret", null).body()).get("secret").asString();
        String first = JSON.readTree(webhook("sms", """
                {"id":"sms-1","from":"+44 7700 900456","text":"Is the store open on Sunday?","thread_id":"t-77"}""",
                secret).body()).get("conversationId").asString();
        JsonNode second = JSON.readTree(webhook("sms", """
                {"id":"sms-2","from":"+44 7700 900456","text":"And until when?","thread_id":"t-77"}""", secret).body());
        assertThat(second.get("conversationId").asString()).isEqualTo(first);
        assertThat(second.get("complaint").asBoolean()).isFalse();
        assertThat(listedConversations("?channel=SMS")).containsExactly(first);
        assertThat(listedConversations("?channel=SMS&status=OPEN")).containsExactly(first);
        assertProblem(webhook("sms", "{\"id\":\"sms-3\",\"from\":\"not a phone\"}", secret), 400, "text: required");
        assertProblem(webhook("fax", "{}", secret), 400, "kind");
        JsonNode mention = JSON.readTree(webhook("social", """
                {"id":"tw-1","from":"twitter:@ivy_e","text":"Loving the new collection!","thread_id":"tw-9"}""",
                secret).body());
        assertThat(mention.get("complaint").asBoolean()).isFalse();
        assertThat(listedConversations("?channel=SOCIAL")).containsExactly(mention.get("conversationId").asString());

        assertThat(send("POST", "/v1/messages", """
                {"idempotencyKey":"gone-1","customerId":"gone","channel":"EMAIL","purpose":"TRANSACTIONAL",
                 "to":"gone@example.com","template":{"body":"Your receipt."}}""").statusCode()).isEqualTo(202);
        awaitMail(mail -> addressedTo(mail, "gone@example.com"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!"DISPATCHED".equals(JSON.readTree(send("GET", "/v1/messages/gone-1", null).body()).get("state")
                .asString()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        HttpResponse<String> bounce = webhook("delivery",
                "{\"message_id\":\"gone-1\",\"status\":\"hard_bounce\",\"reason\":\"550 no such user\"}", secret);
        assertThat(bounce.statusCode()).as(bounce.body()).isEqualTo(200);
        assertThat(JSON.readTree(send("GET", "/v1/messages/gone-1", null).body()).get("state").asString())
                .isEqualTo("BOUNCED");
        JsonNode bounced = awaitTimelineEntry("gone", "BOUNCED");
        assertThat(bounced.get("interaction").get("eventId").asString()).isEqualTo("message:gone-1:bounced-hard");
        assertThat(bounced.get("interaction").get("reference").asString()).isEqualTo("hard: 550 no such user");
        JsonNode refused = null;
        for (int i = 0; i < 50; i++) {
            refused = JSON.readTree(send("POST", "/v1/messages", """
                    {"idempotencyKey":"gone-%d","customerId":"gone","channel":"EMAIL","purpose":"TRANSACTIONAL",
                     "to":"gone@example.com","template":{"body":"Your receipt."}}""".formatted(i + 2)).body());
            if ("SUPPRESSED".equals(refused.get("state").asString())) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(refused.get("reason").asString()).startsWith("known-bad address");
    }

    /** An IANA zone where it is {@code localHour} o'clock now. */
    private static String zoneAt(int localHour) {
        int offset = localHour - java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour();
        if (offset < -12) {
            offset += 24;
        } else if (offset > 14) {
            offset -= 24;
        }
        return offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" + offset : "+" + -offset);
    }

    @Test
    @Order(3)
    void marketingNeedsConsentFromTheRelationshipServiceAndRespectsQuietHours() throws Exception {
        for (String[] customer : new String[][] {{"day", zoneAt(12)}, {"night", zoneAt(3)}, {"silent", zoneAt(12)}}) {
            assertThat(send("POST", "/v1/customers", "{\"id\":\"mk-" + customer[0] + "\",\"timeZone\":\""
                    + customer[1] + "\"}").statusCode()).isEqualTo(201);
        }
        for (String consenting : List.of("mk-day", "mk-night")) {
            assertThat(send("POST", "/v1/customers/" + consenting + "/consents", "{\"channel\":\"EMAIL\","
                    + "\"purpose\":\"marketing\",\"granted\":true,\"source\":\"signup-form\","
                    + "\"at\":\"2026-01-01T00:00:00Z\"}").statusCode()).isEqualTo(200);
        }
        java.util.function.Function<String, JsonNode> marketing = customer -> {
            try {
                return JSON.readTree(send("POST", "/v1/messages", """
                        {"idempotencyKey":"promo-%s","customerId":"%s","channel":"EMAIL","purpose":"MARKETING",
                         "to":"%s@example.com","template":{"subject":"Our autumn picks","body":"Hello!"}}"""
                        .formatted(customer, customer, customer)).body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(marketing.apply("mk-day").get("state").asString()).isEqualTo("RENDERED");
        assertThat(marketing.apply("mk-night").get("reason").asString()).startsWith("quiet hours");
        assertThat(marketing.apply("mk-silent").get("reason").asString()).isEqualTo("no marketing consent for EMAIL");

        // Every outcome lands on the customer's timeline in the relationship service.
        JsonNode suppressed = awaitTimelineEntry("mk-silent", "SUPPRESSED");
        assertThat(suppressed.get("interaction").get("eventId").asString()).isEqualTo("message:promo-mk-silent:suppressed");
        assertThat(suppressed.get("interaction").get("reference").asString()).isEqualTo("no marketing consent for EMAIL");
        assertThat(awaitTimelineEntry("mk-day", "MESSAGE").get("interaction").get("direction").asString())
                .isEqualTo("OUTBOUND");
    }

    @Test
    @Order(4)
    void eachWorkspaceSetsItsMarketingCapAndQuietHours() throws Exception {
        JsonNode defaults = JSON.readTree(send("GET", "/v1/admin/messaging-settings", null).body());
        assertThat(defaults.get("marketingCap").get("count").asInt()).isEqualTo(3);
        assertThat(defaults.get("quietHours").get("from").asString()).isEqualTo("21:00");
        HttpResponse<String> changed = send("PUT", "/v1/admin/messaging-settings",
                "{\"marketingCap\":{\"count\":1,\"window\":\"P1D\"},\"quietHours\":{\"from\":\"23:00\",\"until\":\"06:00\"}}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(JSON.readTree(changed.body()).get("marketingCap").get("window").asString()).isEqualTo("PT24H");
        assertProblem(send("PUT", "/v1/admin/messaging-settings",
                "{\"marketingCap\":{\"count\":1,\"window\":\"P100D\"},\"quietHours\":{\"from\":\"25:00\",\"until\":\"06:00\"}}"),
                400, "quietHours.from");
        assertProblem(send("PUT", "/v1/admin/messaging-settings",
                "{\"marketingCap\":{\"count\":1,\"window\":\"P100D\"},\"quietHours\":{\"from\":\"22:00\",\"until\":\"06:00\"}}"),
                400, "1 hour to 90 days");
        assertThat(JSON.readTree(send("GET", "/v1/admin/messaging-settings", null).body()).get("marketingCap")
                .get("count").asInt()).as("a refused change changes nothing").isEqualTo(1);

        assertThat(send("POST", "/v1/customers", "{\"id\":\"capped\",\"timeZone\":\"" + zoneAt(12) + "\"}")
                .statusCode()).isEqualTo(201);
        assertThat(send("POST", "/v1/customers/capped/consents", "{\"channel\":\"EMAIL\",\"purpose\":\"marketing\","
                + "\"granted\":true,\"source\":\"form\",\"at\":\"2026-01-01T00:00:00Z\"}").statusCode()).isEqualTo(200);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            outcomes.add(JSON.readTree(send("POST", "/v1/messages", """
                    {"idempotencyKey":"capped-%d","customerId":"capped","channel":"EMAIL","purpose":"MARKETING",
                     "to":"capped@example.com","template":{"body":"News %d"}}""".formatted(i, i)).body())
                    .path("reason").asString(""));
        }
        assertThat(outcomes.get(0)).isEmpty();
        assertThat(outcomes.get(1)).startsWith("frequency cap: 1 marketing messages per PT24H");
    }

    // Before the tests that kill the campaign service: its follower then works a backlog of the killed run's
    // changes one at a time (about a second each here), which can outlast this test's waits.
    @Test
    @Order(2)
    void segmentsAreDefinedByRulesAndABadRuleSaysWhereItGoesWrong() throws Exception {
        HttpResponse<String> created = send("POST", "/v1/segments", """
                {"id":"loyal-at-risk","name":"Loyal, at risk",
                 "rule":"churn_risk >= 0.7 and stage = \\"loyal\\" and last_purchase_at > now() - 90d and consent.email"}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/v1/segments/loyal-at-risk");
        assertThat(JSON.readTree(created.body()).get("attributes").toString())
                .contains("churn_risk", "stage", "last_purchase_at", "consent.email");

        HttpResponse<String> bad = send("POST", "/v1/segments",
                "{\"name\":\"Bad\",\"rule\":\"churn_risk >= \\\"high\\\"\"}");
        assertProblem(bad, 400, "churn_risk is a number, compared with a string");
        assertThat(JSON.readTree(bad.body()).get("position").asInt()).isEqualTo(15);
        assertThat(JSON.readTree(bad.body()).get("field").asString()).isEqualTo("rule");

        JsonNode changed = JSON.readTree(send("PATCH", "/v1/segments/loyal-at-risk",
                "{\"rule\":\"churn_risk >= 0.8\"}").body());
        assertThat(changed.get("revision").asLong()).isEqualTo(2);
        assertThat(changed.get("name").asString()).isEqualTo("Loyal, at risk");
        assertThat(JSON.readTree(send("GET", "/v1/segments", null).body()).get("items").findValuesAsString("id"))
                .contains("loyal-at-risk");
        assertProblem(send("GET", "/v1/segments/nope", null), 404, "no segment");

        // Who a rule selects now, over every current customer's view in the relationship service.
        for (String id : List.of("seg-1", "seg-2", "seg-3")) {
            assertThat(send("POST", "/v1/customers", "{\"id\":\"" + id + "\",\"attributes\":{\"cohort\":\"seg-e2e\"}}")
                    .statusCode()).isEqualTo(201);
        }
        send("POST", "/v1/interactions", "{\"interactions\":[" + interaction("seg-o1", "seg-1", "STORE", "PURCHASE", "5.00")
                + "," + interaction("seg-o2", "seg-2", "STORE", "PURCHASE", "7.00") + "]}");
        assertThat(send("POST", "/v1/segments", "{\"id\":\"cohort-buyers\",\"name\":\"Cohort buyers\","
                + "\"rule\":\"attribute.cohort = \\\"seg-e2e\\\" and order_count >= 1\"}").statusCode()).isEqualTo(201);
        // An evaluation reads the stored views, which follow the purchases by moments.
        JsonNode evaluated = await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(
                send("POST", "/v1/segments/evaluations", "{\"id\":\"cohort-buyers\"}").body()),
                answer -> answer.get("members").asLong() == 2);
        assertThat(evaluated.get("sample").toString()).isEqualTo("[\"seg-1\",\"seg-2\"]");
        assertThat(evaluated.get("customers").asLong()).isGreaterThanOrEqualTo(3);
        // Membership is kept: worked out when the segment is defined, then per change of a customer.
        assertThat(awaitMembers("cohort-buyers", 2).get("items").toString()).isEqualTo("[\"seg-1\",\"seg-2\"]");
        send("POST", "/v1/interactions", "{\"interactions\":[" + interaction("seg-o3", "seg-3", "STORE", "PURCHASE",
                "9.00") + "]}");
        assertThat(awaitMembers("cohort-buyers", 3).get("items").toString()).contains("seg-3");
        assertThat(send("POST", "/v1/segments", "{\"id\":\"cohort-emailable\",\"name\":\"Cohort, e-mail\","
                + "\"rule\":\"attribute.cohort = \\\"seg-e2e\\\" and consent.email\"}").statusCode()).isEqualTo(201);
        awaitMembers("cohort-emailable", 0);
        String consent = "{\"channel\":\"EMAIL\",\"purpose\":\"marketing\",\"granted\":%s,\"source\":\"form\"}";
        assertThat(send("POST", "/v1/customers/seg-1/consents", consent.formatted("true")).statusCode()).isEqualTo(200);
        assertThat(awaitMembers("cohort-emailable", 1).get("items").toString()).isEqualTo("[\"seg-1\"]");
        assertThat(send("POST", "/v1/customers/seg-1/consents", consent.formatted("false")).statusCode()).isEqualTo(200);
        awaitMembers("cohort-emailable", 0);
        assertThat(JSON.readTree(send("GET", "/v1/segments/cohort-buyers", null).body()).get("memberCount").asLong())
                .isEqualTo(3);
        // A rule relative to now selects other customers as time passes, without any event: worked out again.
        assertThat(send("POST", "/v1/customers", "{\"id\":\"clock-1\",\"attributes\":{\"cohort\":\"clock-e2e\"}}")
                .statusCode()).isEqualTo(201);
        awaitCustomer("clock-1", 1);
        assertThat(send("POST", "/v1/segments", "{\"id\":\"just-registered\",\"name\":\"Just registered\","
                + "\"rule\":\"attribute.cohort = \\\"clock-e2e\\\" and registered_at > now() - 20s\"}").statusCode())
                .isEqualTo(201);
        awaitMembers("just-registered", 1);
        awaitMembers("just-registered", 0);
        JsonNode preview = JSON.readTree(send("POST", "/v1/segments/evaluations?sample=1",
                "{\"rule\":\"attribute.cohort = \\\"seg-e2e\\\"\"}").body());
        assertThat(preview.get("members").asLong()).isEqualTo(3);
        assertThat(preview.get("sample").size()).isEqualTo(1);
        assertThat(preview.get("complete").asBoolean()).isTrue();
        JsonNode firstTwo = JSON.readTree(send("POST", "/v1/segments/evaluations?maxCustomers=2",
                "{\"rule\":\"order_count >= 0\"}").body());
        assertThat(firstTwo.get("customers").asLong()).isEqualTo(2);
        assertThat(firstTwo.get("members").asLong()).isEqualTo(2);
        assertThat(firstTwo.get("complete").asBoolean()).as("more than two customers exist").isFalse();
        assertProblem(send("POST", "/v1/segments/evaluations?maxCustomers=0", "{\"rule\":\"order_count >= 0\"}"),
                400, "maxCustomers");
        assertProblem(send("POST", "/v1/segments/evaluations", "{\"rule\":\"order_count >\"}"), 400, "position 14");
    }

    private static JsonNode awaitMembers(String segment, long count) throws Exception {
        // Generous: on 2 cores the change-feed follower may still be working off a campaign's changes.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode members;
        do {
            members = JSON.readTree(send("GET", "/v1/segments/" + segment + "/members", null).body());
            if (members.get("memberCount").asLong() == count) {
                return members;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        Path log = suite.dataDirectory.resolve("logs").resolve("campaign.log");
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        throw new AssertionError("segment " + segment + " did not reach " + count + " members: " + members
                + "\ncampaign log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
    }

    private static JsonNode awaitTimelineEntry(String customer, String kind) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        do {
            JsonNode entries = JSON.readTree(send("GET", "/v1/customers/" + customer + "/timeline?kind=" + kind, null)
                    .body()).get("entries");
            if (entries != null && !entries.isEmpty()) {
                return entries.get(0);
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + kind + " on the timeline of " + customer);
    }

    private static HttpResponse<String> upload(String format, String mapping, String fileName, String content)
            throws Exception {
        return upload(format, mapping, fileName, content, null);
    }

    private static HttpResponse<String> upload(String format, String mapping, String fileName, String content,
                                               String idempotencyKey) throws Exception {
        String boundary = "e2e-boundary";
        StringBuilder body = new StringBuilder();
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\n")
                .append(format).append("\r\n");
        if (mapping != null) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"mapping\"\r\n\r\n")
                    .append(mapping).append("\r\n");
        }
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(fileName).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n").append(content)
                .append("\r\n--").append(boundary).append("--\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(suite.gateway() + "/v1/imports"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + RapportSuite.API_KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A customer in a zone where it is midday (no quiet hours), with an e-mail address and a profile attribute. */
    private static void registerForMarketing(String id, String wave, boolean consenting) throws Exception {
        HttpResponse<String> registered = send("POST", "/v1/customers", """
                {"id":"%s","firstName":"%s","email":"%s@example.com","timeZone":"%s","attributes":{"wave":"%s"}}"""
                .formatted(id, id.toUpperCase(java.util.Locale.ROOT), id, zoneAt(12), wave));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        if (consenting) {
            assertThat(send("POST", "/v1/customers/" + id + "/consents", "{\"channel\":\"EMAIL\","
                    + "\"purpose\":\"marketing\",\"granted\":true,\"source\":\"form\","
                    + "\"at\":\"2026-01-01T00:00:00Z\"}").statusCode()).isEqualTo(200);
        }
    }

    /** The subjects of the e-mails that reached an address, in order. */
    private static List<String> mailsTo(String address) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage mail : SMTP.getReceivedMessages()) {
            if (java.util.Arrays.stream(mail.getAllRecipients()).anyMatch(a -> a.toString().equals(address))) {
                subjects.add(mail.getSubject());
            }
        }
        return subjects;
    }

    /** The open pixel's token of a plain-text mail (which has no pixel), made from its unsubscribe link's. */
    private static String openToken(String address, String subjectStart) throws Exception {
        for (MimeMessage mail : SMTP.getReceivedMessages()) {
            if (java.util.Arrays.stream(mail.getAllRecipients()).anyMatch(a -> a.toString().equals(address))
                    && mail.getSubject().startsWith(subjectStart)) {
                String unsubscribe = mail.getHeader("List-Unsubscribe")[0].replaceAll("[<>]", "");
                return linkToken(unsubscribe.substring(unsubscribe.lastIndexOf('/') + 1), "OPEN", "");
            }
        }
        throw new AssertionError("no mail '" + subjectStart + "' to " + address);
    }

    private static JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> until, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode json;
        do {
            HttpResponse<String> response = send("GET", path, null);
            json = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (json != null && until.test(json)) {
                return json;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(path + " did not get there: " + json);
    }

    private static JsonNode group(JsonNode report, String variant) {
        for (JsonNode line : report.get("variants")) {
            if (line.get("group").asString().equals(variant)) {
                return line;
            }
        }
        throw new AssertionError("no variant " + variant + " in " + report);
    }

    @Test
    @Order(3)
    void aCampaignSendsEachPersonTheirVariantOnceHoldsOutTheControlGroupAndReportsLift() throws Exception {
        List<String> people = IntStream.range(0, 24).mapToObj(i -> "cmp-" + i).toList();
        for (String person : people) {
            registerForMarketing(person, "spring", !person.equals("cmp-23"));
        }
        assertThat(send("POST", "/v1/segments", "{\"id\":\"spring-wave\",\"name\":\"Spring wave\","
                + "\"rule\":\"attribute.wave = \\\"spring\\\"\"}").statusCode()).isEqualTo(201);
        awaitJson("/v1/segments/spring-wave", s -> s.get("memberCount").asLong() == people.size(), 60);

        String campaign = """
                {"id":"spring","definition":{"name":"Spring","segmentId":"%s","controlPercent":25,"channel":"EMAIL",
                 "variants":[
                   {"variantId":"a","weight":1,"templates":{"email":{"subject":"A for {{ customer_first_name }}",
                    "body":"Hello {{ customer_first_name }}, spring is here."}}},
                   {"variantId":"b","weight":1,"templates":{"email":{"subject":"B for {{ customer_first_name }}",
                    "body":"Spring, {{ customer_first_name }}!"}}}],
                 "schedule":{"kind":"NOW"},"goal":{"kind":"PURCHASE","within":"P7D"}}}""";
        assertProblem(send("POST", "/v1/campaigns", campaign.formatted("nope")), 400,
                "definition.segmentId: no segment 'nope'");
        assertProblem(send("POST", "/v1/campaigns", campaign.formatted("spring-wave").replace("\"EMAIL\"",
                "\"SMS\"")), 400, "no sms template for the channel SMS");
        assertProblem(send("POST", "/v1/campaigns", campaign.formatted("spring-wave").replace("\"P7D\"",
                "\"a week\"")), 400, "definition.goal.within: an ISO-8601 duration");
        HttpResponse<String> created = send("POST", "/v1/campaigns", campaign.formatted("spring-wave"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("status").asString()).isEqualTo("DRAFT");

        JsonNode preview = JSON.readTree(send("POST", "/v1/campaigns/spring/previews",
                "{\"customerId\":\"cmp-3\",\"variantId\":\"b\"}").body());
        assertThat(preview.get("subject").asString()).isEqualTo("B for CMP-3");
        assertThat(preview.get("recipient").asString()).isEqualTo("cmp-3@example.com");

        assertThat(send("POST", "/v1/campaigns/spring/schedule", null).statusCode()).isEqualTo(200);
        JsonNode done = awaitJson("/v1/campaigns/spring", c -> c.get("status").asString().equals("COMPLETED"), 90);
        assertThat(done.get("audience").asLong()).isEqualTo(people.size());
        assertProblem(send("PUT", "/v1/campaigns/spring", campaign.formatted("spring-wave")), 422,
                "campaign 'spring' is completed: it cannot be changed");

        JsonNode report = JSON.readTree(send("GET", "/v1/campaigns/spring/report", null).body());
        JsonNode a = group(report, "a");
        JsonNode b = group(report, "b");
        JsonNode control = report.get("control");
        assertThat(a.get("audience").asLong() + b.get("audience").asLong() + control.get("audience").asLong())
                .isEqualTo(people.size());
        assertThat(control.get("audience").asLong()).isEqualTo(done.get("control").asLong()).isPositive();
        long suppressed = a.path("suppressed").path("no marketing consent for EMAIL").asLong(0)
                + b.path("suppressed").path("no marketing consent for EMAIL").asLong(0);
        assertThat(a.get("sent").asLong() + b.get("sent").asLong() + suppressed + control.get("audience").asLong())
                .isEqualTo(people.size());

        // Each person reached got exactly their variant, once; the control group and the suppressed got nothing.
        Thread.sleep(1_000);
        String sentPerson = null;
        String controlPerson = null;
        for (String person : people) {
            List<String> mails = mailsTo(person + "@example.com");
            String variant = JSON.readTree(send("POST", "/v1/campaigns/spring/previews",
                    "{\"customerId\":\"" + person + "\"}").body()).get("variantId").asString();
            if (variant.equals("control") || person.equals("cmp-23")) {
                assertThat(mails).as(person).isEmpty();
                controlPerson = variant.equals("control") ? person : controlPerson;
            } else {
                assertThat(mails).as(person).containsExactly(variant.toUpperCase(java.util.Locale.ROOT) + " for "
                        + person.toUpperCase(java.util.Locale.ROOT));
                sentPerson = variant.equals("a") ? person : sentPerson;
            }
        }

        // Opening and buying within the goal's window are attributed; a purchase in the control group counts there.
        assertThat(send("GET", "/t/open/" + openToken(sentPerson + "@example.com", "A for"), null, null).statusCode())
                .isEqualTo(200);
        String now = java.time.Instant.now().toString();
        for (String buyer : List.of(sentPerson, controlPerson)) {
            assertThat(send("POST", "/v1/interactions", """
                    {"interactions":[{"eventId":"spring-buy-%s","customerId":"%s","channel":"WEB","direction":"INBOUND",
                     "kind":"PURCHASE","occurredAt":"%s","amount":"25.00","currency":"EUR"}]}"""
                    .formatted(buyer, buyer, now)).statusCode()).isEqualTo(200);
        }
        JsonNode attributed = awaitJson("/v1/campaigns/spring/report", r -> group(r, "a").get("converted").asLong() == 1
                && group(r, "a").get("opened").asLong() == 1 && r.get("control").get("converted").asLong() == 1, 60);
        JsonNode line = group(attributed, "a");
        assertThat(line.get("revenue").get(0).get("amount").asString()).isEqualTo("25.00");
        assertThat(line.get("conversionRate").asDouble()).isEqualTo(1.0 / line.get("audience").asLong());
        assertThat(line.get("lift").get("relative").asDouble()).isEqualTo(control.get("audience").asDouble()
                / line.get("audience").asDouble() - 1, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(line.get("lift").get("confidence").asDouble()).isEqualTo(0.95);
    }

    @Test
    @Order(3)
    void aCampaignKilledWhileSendingResumesAndSendsEachPersonOnce() throws Exception {
        List<String> people = IntStream.range(0, 150).mapToObj(i -> "blast-" + i).toList();
        for (String person : people) {
            registerForMarketing(person, "blast", true);
        }
        assertThat(send("POST", "/v1/segments", "{\"id\":\"blast-wave\",\"name\":\"Blast\","
                + "\"rule\":\"attribute.wave = \\\"blast\\\"\"}").statusCode()).isEqualTo(201);
        awaitJson("/v1/segments/blast-wave", s -> s.get("memberCount").asLong() == people.size(), 60);
        assertThat(send("POST", "/v1/campaigns", """
                {"id":"blast","definition":{"name":"Blast","segmentId":"blast-wave","channel":"EMAIL",
                 "variants":[{"variantId":"only","templates":{"email":{"subject":"Blast for {{ customer_first_name }}",
                  "body":"News."}}}],"schedule":{"kind":"NOW"}}}""").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/v1/campaigns/blast/schedule", null).statusCode()).isEqualTo(200);

        long firstMail = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (java.util.Arrays.stream(SMTP.getReceivedMessages()).noneMatch(SuiteEndToEndIT::isBlast)
                && System.nanoTime() < firstMail) {
            Thread.sleep(20);
        }
        long before = suite.pidOf("campaign");
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        long sentBeforeKill = java.util.Arrays.stream(SMTP.getReceivedMessages()).filter(SuiteEndToEndIT::isBlast)
                .count();
        long restart = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (suite.pidOf("campaign") == before && System.nanoTime() < restart) {
            Thread.sleep(200);
        }
        awaitJson("/v1/campaigns/blast", c -> c.get("status").asString().equals("COMPLETED"), 120);
        JsonNode report = awaitJson("/v1/campaigns/blast/report",
                r -> group(r, "only").get("sent").asLong() == people.size(), 60);
        assertThat(group(report, "only").get("pending").asLong()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (java.util.Arrays.stream(SMTP.getReceivedMessages()).filter(SuiteEndToEndIT::isBlast).count()
                < people.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(2_000);
        assertThat(sentBeforeKill).as("the kill came while the campaign was sending").isLessThan(people.size());
        for (String person : people) {
            assertThat(mailsTo(person + "@example.com")).as(person)
                    .containsExactly("Blast for " + person.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private static boolean isBlast(MimeMessage mail) {
        try {
            return mail.getSubject().startsWith("Blast for");
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(3)
    void aComplaintStartsAJourneyOncePerPersonWithoutReEntry() throws Exception {
        registerForMarketing("sorry-1", "none", true);
        assertThat(send("POST", "/v1/journeys", """
                {"id":"apology","definition":{"name":"Apology","entry":{"interaction":{"kind":"COMPLAINT"}},
                 "steps":[{"stepId":"sorry","send":{"channel":"EMAIL","templates":{"email":{
                  "subject":"We are sorry, {{ customer_first_name }}","body":"We hear you."}}}}]}}""").statusCode())
                .isEqualTo(201);
        assertThat(send("POST", "/v1/journeys/apology/activate", null).statusCode()).isEqualTo(200);
        for (String complaint : List.of("sorry-c1", "sorry-c2")) {
            assertThat(send("POST", "/v1/interactions", """
                    {"interactions":[{"eventId":"%s","customerId":"sorry-1","channel":"SUPPORT","direction":"INBOUND",
                     "kind":"COMPLAINT","occurredAt":"%s","content":"The parcel never came"}]}"""
                    .formatted(complaint, java.time.Instant.now())).statusCode()).isEqualTo(200);
            awaitJson("/v1/journeys/apology/runs?customerId=sorry-1", r -> r.get("items").size() == 1
                    && r.get("items").get(0).get("state").asString().equals("COMPLETED"), 60);
        }
        Thread.sleep(3_000);
        assertThat(mailsTo("sorry-1@example.com")).containsExactly("We are sorry, SORRY-1");
        assertThat(JSON.readTree(send("GET", "/v1/journeys/apology/runs?customerId=sorry-1", null).body())
                .get("items").size()).as("no re-entry by default").isEqualTo(1);
    }

    @Test
    @Order(3)
    void aJourneyTakesEachPersonThroughItsStepsOnceEvenWhenTheServiceIsKilledMidway() throws Exception {
        assertThat(send("POST", "/v1/segments", "{\"id\":\"journey-wave\",\"name\":\"Journey wave\","
                + "\"rule\":\"attribute.wave = \\\"journey\\\"\"}").statusCode()).isEqualTo(201);
        String journey = """
                {"id":"welcome","definition":{"name":"Welcome","entry":{"segmentId":"journey-wave"},
                 "goal":{"kind":"PURCHASE","within":"P1D"},"steps":[
                  {"stepId":"hello","send":{"channel":"EMAIL","templates":{"email":{"subject":"Hello {{ customer_first_name }}",
                   "body":"Welcome aboard."}}}},
                  {"stepId":"pause","wait":{"duration":"PT12S"}},
                  {"stepId":"opened","branch":{"on":"OPENED","within":"PT3S","yesStepId":"thanks"}},
                  {"stepId":"nudge","send":{"channel":"EMAIL","templates":{"email":{"subject":"Still there, {{ customer_first_name }}?",
                   "body":"We saved you a seat."}}}},
                  {"stepId":"out","exit":{}},
                  {"stepId":"thanks","send":{"channel":"EMAIL","templates":{"email":{"subject":"Thanks for reading, {{ customer_first_name }}",
                   "body":"Glad you are here."}}}}]}}""";
        assertProblem(send("POST", "/v1/journeys", journey.replace("\"yesStepId\":\"thanks\"",
                "\"yesStepId\":\"hello\"")), 400, "comes before the branch");
        assertThat(send("POST", "/v1/journeys", journey).statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(send("POST", "/v1/journeys/welcome/activate", null).body()).get("status").asString())
                .isEqualTo("ACTIVE");
        assertProblem(send("PUT", "/v1/journeys/welcome", journey), 422, "journey 'welcome' is active");

        List<String> people = List.of("jr-1", "jr-2", "jr-3", "jr-4");
        for (String person : people) {
            registerForMarketing(person, "journey", true);
        }
        for (String person : people) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (mailsTo(person + "@example.com").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(mailsTo(person + "@example.com")).as(person + " entered and was welcomed")
                    .containsExactly("Hello " + person.toUpperCase(java.util.Locale.ROOT));
        }
        JsonNode preview = JSON.readTree(send("POST", "/v1/journeys/welcome/previews",
                "{\"stepId\":\"nudge\",\"customerId\":\"jr-3\"}").body());
        assertThat(preview.get("subject").asString()).isEqualTo("Still there, JR-3?");

        // jr-1 opens the welcome, jr-2 buys (the goal), and the service is killed while everyone waits.
        assertThat(send("GET", "/t/open/" + openToken("jr-1@example.com", "Hello"), null, null).statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/v1/interactions", """
                {"interactions":[{"eventId":"jr-2-buys","customerId":"jr-2","channel":"WEB","direction":"INBOUND",
                 "kind":"PURCHASE","occurredAt":"%s","amount":"10.00","currency":"EUR"}]}"""
                .formatted(java.time.Instant.now())).statusCode()).isEqualTo(200);
        // The open reaches the relationship service through messaging: the kill comes once it is there.
        awaitJson("/v1/customers/jr-1/timeline?kind=OPEN", r -> r.get("entries").size() == 1, 60);
        long before = suite.pidOf("campaign");
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        long restart = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (suite.pidOf("campaign") == before && System.nanoTime() < restart) {
            Thread.sleep(200);
        }
        assertThat(suite.pidOf("campaign")).as("restarted by ./rapport up").isNotEqualTo(before);

        JsonNode runs = awaitJson("/v1/journeys/welcome/runs", r -> r.get("items").size() == 4
                && java.util.stream.StreamSupport.stream(r.get("items").spliterator(), false)
                .noneMatch(run -> run.get("state").asString().equals("ACTIVE")), 120);
        java.util.Map<String, String> states = new java.util.TreeMap<>();
        runs.get("items").forEach(run -> states.put(run.get("customerId").asString(), run.get("state").asString()));
        assertThat(states).containsExactly(java.util.Map.entry("jr-1", "COMPLETED"), java.util.Map.entry("jr-2", "GOAL"),
                java.util.Map.entry("jr-3", "EXITED"), java.util.Map.entry("jr-4", "EXITED"));
        Thread.sleep(2_000);
        assertThat(mailsTo("jr-1@example.com")).containsExactly("Hello JR-1", "Thanks for reading, JR-1");
        assertThat(mailsTo("jr-2@example.com")).containsExactly("Hello JR-2");
        assertThat(mailsTo("jr-3@example.com")).containsExactly("Hello JR-3", "Still there, JR-3?");
        assertThat(mailsTo("jr-4@example.com")).containsExactly("Hello JR-4", "Still there, JR-4?");

        JsonNode report = JSON.readTree(send("GET", "/v1/journeys/welcome/report", null).body());
        assertThat(report.get("entered").asLong()).isEqualTo(4);
        assertThat(report.get("goalReached").asLong()).isEqualTo(1);
        java.util.Map<String, JsonNode> steps = new java.util.HashMap<>();
        report.get("steps").forEach(step -> steps.put(step.get("stepId").asString(), step));
        assertThat(steps.get("hello").get("messages").get("sent").asLong()).isEqualTo(4);
        assertThat(steps.get("opened").get("yes").asLong()).isEqualTo(1);
        assertThat(steps.get("opened").get("no").asLong()).isEqualTo(2);
        assertThat(steps.get("nudge").get("messages").get("sent").asLong()).isEqualTo(2);
        assertThat(steps.get("thanks").get("reached").asLong()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void badRequestsGetProblemDetailsAndStoreNothing() throws Exception {
        assertProblem(send("POST", "/v1/interactions", "{\"interactions\":[{\"eventId\":"), 400, "not valid JSON");
        assertProblem(send("POST", "/v1/interactions", "{\"interactions\":[" + interaction("g-1", "ghost", "EMAIL", "OPEN", null)
                + ",{\"eventId\":\"g-2\",\"customerId\":\"ghost\"}]}"), 400, "interactions[1].channel: required");
        assertProblem(send("POST", "/v1/interactions", "{\"interactions\":["
                + interaction("g-3", "ghost", "FAX", "OPEN", null) + "]}"), 400, "unknown value 'FAX'");
        String tooMany = IntStream.range(0, 1_001).mapToObj(i -> interaction("big-" + i, "ghost", "WEB", "VISIT", null))
                .collect(Collectors.joining(",", "{\"interactions\":[", "]}"));
        assertProblem(send("POST", "/v1/interactions", tooMany), 400, "at most 1000");
        assertProblem(send("POST", "/v1/interactions", "{\"interactions\":["
                + interaction("g-4", "ghost", "STORE", "PURCHASE", "-5") + "]}"), 400, "must not be negative");
        assertProblem(send("POST", "/v1/customers", "{\"id\":\"has space\"}"), 400, "customerId");
        assertProblem(send("POST", "/v1/customers", "{\"id\":\"ada\"}"), 409, "exists already");

        assertProblem(send("GET", "/v1/customers/ghost", null), 404, "no customer 'ghost'");
        assertProblem(send("GET", "/v1/customers/ada?asOf=yesterday", null), 400, "asOf: not an ISO-8601 instant");

        // What the hardening review found, each refused in the API's own words.
        assertProblem(send("POST", "/v1/interactions", "{\"interactions\":[" + interaction("g-5", "ghost", "STORE",
                "PURCHASE", "5").replace("2026-10-0", "-999999999-10-0") + "]}"), 400, "occurredAt: must lie between");
        assertProblem(send("POST", "/v1/interactions", "{\"interactions\":[" + interaction("g-6", "ghost", "STORE",
                "PURCHASE", "5").replace("\"5\"", "1e400") + "]}"), 400, "amount: a number from 0");
        assertProblem(send("POST", "/v1/interactions", "{\"interactions\":[" + interaction("g-7", "ghost", "STORE",
                "PURCHASE", "5").replace("EUR", "XYZ") + "]}"), 400, "currency: an ISO 4217 code");
        assertProblem(send("POST", "/v1/customers", "{\"id\":\"..\"}"), 400, "id: an id cannot be . or ..");
        assertProblem(send("POST", "/v1/customers", "{\"id\":\"long\",\"firstName\":\"" + "a".repeat(1 << 20)
                + "\"}"), 400, "firstName: at most 500 characters");
        assertProblem(send("POST", "/v1/customers", "{\"id\":\"odd\",\"nickname\":\"Al\"}"), 400,
                "nickname: unknown field");
        assertProblem(send("POST", "/v1/customers", "{\"id\":\"odd\",\"firstName\":42}"), 400,
                "firstName: expected a string");
        assertProblem(send("POST", "/v1/models/purchase/fits", "{\"asOf\":\"2199-01-01T00:00:00Z\"}"), 400,
                "asOf: must not be in the future");
        assertProblem(send("GET", "/v1/nothing-here", null), 404, "Nothing is here");
        HttpResponse<String> notMultipart = HTTP.send(HttpRequest.newBuilder(URI.create(suite.gateway() + "/v1/imports"))
                .header("Authorization", "Bearer " + RapportSuite.API_KEY).header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(notMultipart, 400, "not multipart/form-data");
        // A batch of 6 MB (over gRPC's default message size, under the body limit) reaches the service.
        String bulky = IntStream.range(0, 700).mapToObj(i -> interaction("bulk-" + i, "bulky", "WEB", "VISIT", null)
                .replace("}", ",\"content\":\"" + "x".repeat(9_000) + "\"}")).collect(Collectors.joining(",",
                "{\"interactions\":[", "]}"));
        HttpResponse<String> bulk = send("POST", "/v1/interactions", bulky);
        assertThat(bulk.statusCode()).as(bulk.body().substring(0, Math.min(300, bulk.body().length())))
                .isEqualTo(200);
        // Registration, its e-mail identifier, three interactions and a consent change: nothing from the refused
        // requests.
        assertThat(awaitCustomer("ada", 6).get("version").asLong()).isEqualTo(6);
    }

    @Test
    @Order(4)
    void everyCallNeedsAValidKey() throws Exception {
        assertProblem(send("GET", "/v1/customers/ada", null, null), 401, "Authorization: Bearer");
        assertProblem(send("GET", "/v1/customers/ada", null, "not-a-key"), 401, "not valid");
        assertProblem(send("POST", "/v1/interactions", "{}", "not-a-key"), 401, "not valid");
    }

    @Test
    @Order(4)
    void workspacesAndTheirKeysAreManagedThroughTheApi() throws Exception {
        HttpResponse<String> created = send("POST", "/v1/admin/workspaces", "{\"id\":\"globex\",\"name\":\"Globex\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode firstKey = JSON.readTree(created.body()).get("apiKey");
        assertThat(firstKey.get("scopes").toString()).isEqualTo("[\"admin\",\"read\",\"write\"]");
        otherWorkspaceKey = firstKey.get("key").asString();
        assertThat(otherWorkspaceKey).startsWith("rpk_" + firstKey.get("id").asString() + "_");
        assertProblem(send("POST", "/v1/admin/workspaces", "{\"id\":\"globex\",\"name\":\"Again\"}"), 409, "exists");
        assertProblem(send("POST", "/v1/admin/workspaces", "{\"id\":\"Bad Id\",\"name\":\"x\"}"), 400, "id:");
        assertProblem(send("POST", "/v1/admin/workspaces", "{\"id\":\"initech\",\"name\":\"x\"}", otherWorkspaceKey),
                403, "operator");
        assertThat(JSON.readTree(send("GET", "/v1/admin/workspaces", null).body()).get("items").findValuesAsString("id"))
                .contains("default", "globex");

        HttpResponse<String> made = send("POST", "/v1/admin/api-keys", "{\"name\":\"dashboards\",\"scopes\":[\"read\"]}",
                otherWorkspaceKey);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode reader = JSON.readTree(made.body());
        String readerKey = reader.get("key").asString();
        assertThat(made.headers().firstValue("Location")).contains("/v1/admin/api-keys/" + reader.get("id").asString());
        assertProblem(send("POST", "/v1/admin/api-keys", "{\"name\":\"x\",\"scopes\":[\"root\"]}", otherWorkspaceKey),
                400, "unknown scope 'root'");
        assertProblem(send("POST", "/v1/admin/api-keys", "{\"scopes\":[\"read\"]}", otherWorkspaceKey), 400, "name:");

        assertProblem(send("GET", "/v1/customers/ada", null, readerKey), 404, "no customer 'ada'");
        assertProblem(send("POST", "/v1/interactions", "{\"interactions\":[]}", readerKey), 403, "'write' scope");
        assertProblem(send("GET", "/v1/admin/api-keys", null, readerKey), 403, "'admin' scope");

        JsonNode listed = JSON.readTree(send("GET", "/v1/admin/api-keys?limit=1", null, otherWorkspaceKey).body());
        assertThat(listed.get("items")).hasSize(1);
        JsonNode rest = JSON.readTree(send("GET", "/v1/admin/api-keys?cursor=" + listed.get("nextCursor").asString(), null,
                otherWorkspaceKey).body());
        assertThat(rest.get("nextCursor").isNull()).isTrue();
        List<JsonNode> keys = new ArrayList<>();
        listed.get("items").forEach(keys::add);
        rest.get("items").forEach(keys::add);
        assertThat(keys).extracting(k -> k.get("name").asString()).containsExactlyInAnyOrder("first admin key", "dashboards");
        assertThat(keys).allSatisfy(k -> assertThat(k.get("key").isNull()).as("a key's text is shown only once").isTrue());
        assertThat(keys).allSatisfy(k -> assertThat(k.get("prefix").asString()).startsWith("rpk_"));

        HttpResponse<String> revoked = send("DELETE", "/v1/admin/api-keys/" + reader.get("id").asString(), null,
                otherWorkspaceKey);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(JSON.readTree(revoked.body()).get("revokedAt").isNull()).isFalse();
        assertProblem(send("GET", "/v1/customers/ada", null, readerKey), 401, "not valid");
        assertProblem(send("DELETE", "/v1/admin/api-keys/" + reader.get("id").asString(), null), 404, "No API key");

        HttpResponse<String> own = send("POST", "/v1/admin/api-keys", "{\"name\":\"crm sync\",\"scopes\":[\"write\"]}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        OWN_IDS.put("admin/api-keys", JSON.readTree(own.body()).get("id").asString());
    }

    @Test
    @Order(4)
    void postsAreSafeToRetryAndRequestsAreBounded() throws Exception {
        String batch = "{\"interactions\":[" + interaction("retry-1", "rita", "WEB", "VISIT", null) + "]}";
        HttpResponse<String> first = sendWithKey("POST", "/v1/interactions", batch, "retry-batch-1");
        HttpResponse<String> repeat = sendWithKey("POST", "/v1/interactions", batch, "retry-batch-1");
        assertThat(first.statusCode()).as(first.body()).isLessThan(300);
        assertThat(repeat.statusCode()).isEqualTo(first.statusCode());
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        String other = "{\"interactions\":[" + interaction("retry-2", "rita", "WEB", "VISIT", null) + "]}";
        assertProblem(sendWithKey("POST", "/v1/interactions", other, "retry-batch-1"), 422, "different request");

        HttpResponse<String> segment = sendWithKey("POST", "/v1/segments",
                "{\"name\":\"Retried\",\"rule\":\"order_count > 100\"}", "retry-segment-1");
        HttpResponse<String> segmentAgain = sendWithKey("POST", "/v1/segments",
                "{\"name\":\"Retried\",\"rule\":\"order_count > 100\"}", "retry-segment-1");
        assertThat(segment.statusCode()).as(segment.body()).isEqualTo(201);
        assertThat(segmentAgain.statusCode()).isEqualTo(201);
        assertThat(segmentAgain.headers().firstValue("Location")).isEqualTo(segment.headers().firstValue("Location"));
        List<String> retried = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(send("GET", "/v1/segments?limit=200" + (cursor == null ? "" : "&cursor=" + cursor),
                    null).body());
            page.get("items").forEach(s -> {
                if (s.get("name").asString().equals("Retried")) {
                    retried.add(s.get("id").asString());
                }
            });
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(retried).as("made once").hasSize(1);
        assertProblem(sendWithKey("POST", "/v1/interactions", batch, "has space"), 400, "Idempotency-Key");

        // An upload too: fingerprinted by its parts.
        String file = "{\"customerId\":\"rita\",\"eventId\":\"up-1\",\"channel\":\"WEB\",\"kind\":\"VISIT\","
                + "\"occurredAt\":\"2026-02-01T10:00:00Z\"}\n";
        HttpResponse<String> uploaded = upload("ndjson", null, "visits.ndjson", file, "retry-upload-1");
        HttpResponse<String> uploadedAgain = upload("ndjson", null, "visits.ndjson", file, "retry-upload-1");
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
        assertThat(uploadedAgain.statusCode()).isEqualTo(202);
        assertThat(uploadedAgain.headers().firstValue("Location")).isEqualTo(uploaded.headers().firstValue("Location"));
        assertThat(uploadedAgain.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertProblem(upload("ndjson", null, "visits.ndjson", file.replace("up-1", "up-2"), "retry-upload-1"), 422,
                "different request");

        String huge = "{\"interactions\":[" + interaction("huge", "rita", "WEB", "VISIT", null) + "],\"padding\":\""
                + "x".repeat(11 << 20) + "\"}";
        assertProblem(send("POST", "/v1/interactions", huge), 413, "at most 10485760 bytes");

        HttpResponse<String> limited = send("GET", "/v1/customers/ada", null);
        assertThat(limited.headers().firstValue("RateLimit-Limit")).contains("1000");
        assertThat(limited.headers().firstValue("RateLimit-Remaining")).isPresent();
    }

    private static HttpResponse<String> sendWithKey(String method, String path, String body, String idempotencyKey)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(suite.gateway() + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .header("Authorization", "Bearer " + RapportSuite.API_KEY).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A body that passes validation, so that only the lookup can refuse the call: the operation's example from the
     * OpenAPI document.
     */
    private static String walkBody(JsonNode operation, String method) {
        JsonNode example = operation.path("requestBody").path("content").path("application/json").path("example");
        if (!example.isMissingNode()) {
            return example.toString();
        }
        return method.equals("GET") || method.equals("DELETE") ? null : "{}";
    }

    /** The required query parameters of an operation, with their documented examples. */
    private static String requiredQuery(JsonNode operation) {
        List<String> pairs = new ArrayList<>();
        operation.path("parameters").forEach(parameter -> {
            if (parameter.path("in").asString("").equals("query") && parameter.path("required").asBoolean(false)) {
                pairs.add(parameter.get("name").asString() + "=" + parameter.path("example").asString(""));
            }
        });
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    /** The id of one resource of the suite's own workspace under {@code collection}, e.g. "segments". */
    private static String ownId(String collection) throws Exception {
        return switch (collection) {
            case "customers" -> "ada";
            case "messages" -> "welcome-ada";
            case "admin/workspaces" -> "default";
            case "admin/dead-letters" -> "relationship";
            case "segments", "campaigns", "journeys", "conversations", "models/purchase/fits" -> JSON.readTree(send(
                    "GET", "/v1/" + collection,
                    null).body()).get("items").get(0).get("id").asString();
            default -> OWN_IDS.get(collection);
        };
    }

    /** The ids and customer ids an answer names. */
    private static List<String> ids(HttpResponse<String> answer) {
        JsonNode body = JSON.readTree(answer.body());
        List<String> ids = new ArrayList<>(body.findValuesAsString("id"));
        ids.addAll(body.findValuesAsString("customerId"));
        return ids;
    }

    @Test
    @Order(5)
    void anotherWorkspacesKeyFindsNothingOfThisOneOnAnyEndpoint() throws Exception {
        assertThat(otherWorkspaceKey).as("made by workspacesAndTheirKeysAreManagedThroughTheApi").isNotNull();
        JsonNode paths = JSON.readTree(send("GET", "/v3/api-docs", null, null).body()).get("paths");
        int walked = 0;
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            if (!path.getKey().startsWith("/v1/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase();
                String call = method + " " + path.getKey();
                if (path.getKey().contains("{")) {
                    String collection = path.getKey().substring(4, path.getKey().indexOf("/{"));
                    String own = ownId(collection);
                    assertThat(own).as("an id of this workspace for " + call).isNotNull();
                    String concrete = path.getKey().replaceAll("\\{[^}]+}", own) + requiredQuery(operation.getValue());
                    HttpResponse<String> answer = send(method, concrete, walkBody(operation.getValue(), method),
                            otherWorkspaceKey);
                    // Workspaces, replays and dead letters span the installation: the operator's alone.
                    int expected = List.of("admin/workspaces", "admin/replays", "admin/dead-letters")
                            .contains(collection) ? 403 : 404;
                    assertThat(answer.statusCode()).as(call + " with another workspace's key: " + answer.body())
                            .isEqualTo(expected);
                    assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(call)
                            .startsWith("application/problem+json");
                    walked++;
                } else if (method.equals("GET")) {
                    String concrete = path.getKey() + requiredQuery(operation.getValue());
                    List<String> ours = ids(send("GET", concrete, null));
                    HttpResponse<String> theirs = send("GET", concrete, null, otherWorkspaceKey);
                    List<String> seen = theirs.statusCode() == 200 ? ids(theirs) : List.of();
                    assertThat(seen).as(call + " with another workspace's key")
                            .noneMatch(id -> !id.equals("default") && ours.contains(id));
                    walked++;
                }
            }
        }
        assertThat(walked).as("operations walked").isGreaterThan(35);
        // Nothing the walk sent changed this workspace.
        assertThat(JSON.readTree(send("GET", "/v1/segments/" + ownId("segments"), null).body()).get("name").asString())
                .isNotEqualTo("Taken over");
        assertThat(awaitCustomer("ada", 1).get("id").asString()).isEqualTo("ada");
    }

    @Test
    @Order(5)
    void aCallIsTracedFromTheGatewayThroughGrpcAndEveryLineSaysWhoseItIs() throws Exception {
        String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> traced = HTTP.send(HttpRequest.newBuilder(URI.create(suite.gateway() + "/v1/customers/ada"))
                .header("Authorization", "Bearer " + RapportSuite.API_KEY)
                .header("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
                        + "-01").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(traced.statusCode()).as(traced.body()).isEqualTo(200);

        // The gateway's line for the call and the relationship service's for the gRPC call it made: JSON, one trace.
        for (String app : List.of("gateway", "relationship")) {
            JsonNode line = awaitLogLine(app, traceId);
            assertThat(line.findValue("workspace").asString()).as(app + ": " + line).isEqualTo("default");
            assertThat(line.findValue("customer").asString()).as(app + ": " + line).isEqualTo("ada");
        }
    }

    /** The first JSON line of an app's log that mentions {@code text}, waiting a little for it to be written. */
    private static JsonNode awaitLogLine(String app, String text) throws Exception {
        Path log = suite.dataDirectory.resolve("logs").resolve(app + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            for (String line : Files.readAllLines(log)) {
                if (line.contains(text) && line.startsWith("{")) {
                    return JSON.readTree(line);
                }
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no JSON line with " + text + " in " + log);
    }

    /** The gateway's readiness, on its management port. */
    private static HttpResponse<String> readiness() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(suite.management() + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(5)
    void everyAppPublishesPrometheusMetrics() throws Exception {
        assertThat(send("GET", "/actuator/prometheus", null, null).statusCode()).as("not on the public port")
                .isNotEqualTo(200);
        java.util.function.Function<String, String> scrape = url -> {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(url).isEqualTo(200);
                return response.body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String relationship = scrape.apply("http://127.0.0.1:" + suite.ports.get("RELATIONSHIP_HTTP_PORT")
                + "/actuator/prometheus");
        assertThat(relationship).containsPattern("rapport_events_appended_total\\S* [1-9]")
                .containsPattern("rapport_processor_lag\\{[^}]*processor=\"relationship-views\"[^}]*} [0-9]")
                .containsPattern("cache_gets_total\\{[^}]*cache=\"customers\"[^}]*result=\"hit\"[^}]*} [1-9]")
                .containsPattern("cache_size\\{[^}]*cache=\"timeline-blocks\"")
                .contains("grpc_server_seconds_bucket");
        String messaging = scrape.apply("http://127.0.0.1:" + suite.ports.get("MESSAGING_HTTP_PORT")
                + "/actuator/prometheus");
        assertThat(messaging).containsPattern("rapport_messages_total\\{[^}]*channel=\"EMAIL\"[^}]*status="
                + "\"DISPATCHED\"[^}]*} [1-9]");
        assertThat(scrape.apply("http://127.0.0.1:" + suite.ports.get("CAMPAIGN_HTTP_PORT") + "/actuator/prometheus"))
                .contains("rapport_events_appended_total", "rapport_processor_lag{processor=\"journey-entries\"}");
        assertThat(scrape.apply(suite.management() + "/actuator/prometheus")).contains("http_server_requests_seconds_bucket")
                .contains("grpc_client_seconds_bucket");
    }

    @Test
    @Order(5)
    void aServiceRefusesCallsWithoutTheServiceCredentialOrATenant() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1",
                suite.ports.get("RELATIONSHIP_GRPC_PORT")).usePlaintext().build();
        ServiceCredential credential = ServiceCredential.resolve(null, data);
        GetRelationshipRequest ada = GetRelationshipRequest.newBuilder().setCustomerId("ada").build();
        try {
            var stub = RelationshipServiceGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(10));
            assertThatThrownBy(() -> Tenancy.callingAs(stub, "default").getRelationship(ada))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).contains("rapport-service-credential");
                    });
            assertThatThrownBy(() -> stub.withInterceptors(new ServiceCredential("a-guess-of-the-credential-000")
                    .clientInterceptor()).getRelationship(ada))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                            .isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThatThrownBy(() -> stub.withInterceptors(credential.clientInterceptor()).getRelationship(ada))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).contains("rapport-tenant");
                    });
            assertThat(Tenancy.callingAs(stub.withInterceptors(credential.clientInterceptor()), "default")
                    .getRelationship(ada).getRelationship().getCustomerId()).isEqualTo("ada");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(6)
    void aKilledServiceComesBackWithNothingLost() throws Exception {
        assertThat(readiness().statusCode()).isEqualTo(200);
        long before = suite.pidOf("relationship");
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        // While the relationship service is down the gateway says it is not ready, and which service is missing.
        HttpResponse<String> readiness;
        long down = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        do {
            readiness = readiness();
        } while (readiness.statusCode() == 200 && System.nanoTime() < down);
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(readiness.body()).get("components").get("downstream").get("details")
                .get("relationship").asString()).startsWith("UNREACHABLE");
        // A call needing it is refused at once with 503 and Retry-After, not left hanging.
        long asked = System.nanoTime();
        HttpResponse<String> refused = send("GET", "/v1/customers/ada", null);
        assertProblem(refused, 503, "retry in a few seconds");
        assertThat(refused.headers().firstValue("Retry-After")).contains("5");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(12));

        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (suite.pidOf("relationship") == before && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(suite.pidOf("relationship")).as("restarted by ./rapport up").isNotEqualTo(before);
        JsonNode ada = awaitCustomer("ada", 6);
        long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (readiness().statusCode() != 200 && System.nanoTime() < ready) {
            Thread.sleep(200);
        }
        assertThat(readiness().statusCode()).as("ready again").isEqualTo(200);
        assertThat(ada.get("spend").get("EUR").asString()).isEqualTo("42.50");

        HttpResponse<String> again = send("POST", "/v1/interactions", "{\"interactions\":["
                + interaction("o-1", "ada", "STORE", "PURCHASE", "40.00") + ","
                + interaction("o-3", "ada", "STORE", "PURCHASE", "7.50") + "]}");
        assertThat(JSON.readTree(again.body()).get("results").findValuesAsString("outcome"))
                .containsExactly("DUPLICATE", "RECORDED");
        assertThat(awaitCustomer("ada", 7).get("spend").get("EUR").asString()).isEqualTo("50.00");
    }

    @Test
    @Order(7)
    void downStopsEverything() throws Exception {
        assertThat(suite.run(suite.root.resolve("rapport").toString(), "down")).isZero();
        assertThat(suite.supervisorAlive()).isFalse();
        assertThat(suite.run(suite.root.resolve("rapport").toString(), "status")).isEqualTo(3);
    }
}
