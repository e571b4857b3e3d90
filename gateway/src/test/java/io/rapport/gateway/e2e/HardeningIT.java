package io.rapport.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The suite as an attacker holding a workspace's admin key meets it. Generated malformed, oversized and
 * out-of-range bodies go to every REST operation that takes one; every answer must be a 4xx problem+json that names
 * no internals, nothing may be stored, and every processor must catch up afterwards. Meanwhile another workspace
 * records interactions and follows a segment: its views must keep their usual latency and be exactly right.
 */
class HardeningIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    /** What an answer must never show: Java or library names, exceptions, hosts and ports, the store's words. */
    private static final Pattern INTERNALS = Pattern.compile("(?i)(\\b(java|javax|jakarta|tools\\.jackson|com\\."
            + "fasterxml|io\\.grpc|io\\.rapport|org\\.springframework|org\\.axonframework|com\\.mongodb|de\\.bwaldvogel"
            + "|liqp)\\.|exception\\b|\\$[A-Z]\\w+|\\b127\\.0\\.0\\.1\\b|localhost:\\d|E11000|bulk ?write|"
            + "\\b(occur_time|customer_id|page_size|page_token|idempotency_key|segment_id|as_of_time)\\b)");
    /** Lists that would show anything the attacker got stored. */
    private static final List<String> LISTS = List.of("/v1/customers", "/v1/segments", "/v1/campaigns",
            "/v1/journeys", "/v1/conversations", "/v1/imports", "/v1/models/purchase/fits", "/v1/admin/api-keys",
            "/v1/admin/messaging-settings");
    /** Values each query parameter cannot take. */
    private static final Map<String, List<String>> BAD_QUERY_VALUES = Map.ofEntries(
            Map.entry("limit", List.of("-1", "0", "abc", "99999999999999999999", "1e3")),
            Map.entry("sample", List.of("-1", "1001", "abc")),
            Map.entry("horizonDays", List.of("0", "3651", "-5", "ten")),
            // Lists kept in id order take any id as where to go on from: only a cursor no list gives out is wrong.
            Map.entry("cursor", List.of("x".repeat(5_000))),
            Map.entry("asOf", List.of("yesterday", "-999999999-01-01T00:00:00Z", "+999999999-12-31T00:00:00Z")),
            Map.entry("knownAt", List.of("soon", "1800-01-01T00:00:00Z")),
            Map.entry("at", List.of("now-ish", "3000-01-01T00:00:00Z")),
            Map.entry("from", List.of("last week", "-999999999-01-01T00:00:00Z")),
            Map.entry("to", List.of("tomorrow", "+999999999-12-31T00:00:00Z")),
            Map.entry("channel", List.of("FAX", "PIGEON")),
            Map.entry("kind", List.of("TELEPATHY")),
            Map.entry("status", List.of("SLEEPING")),
            Map.entry("flagged", List.of("maybe", "2")));
    private static final String[] ATTACK_TEMPLATES = {"{% include '/etc/passwd' %}",
            "{% for i in (1..1000000000) %}{{i}}{% endfor %}",
            "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s }}",
            "{% for i in (1..3000) %}{% for j in (1..3000) %}x{% endfor %}{% endfor %}"};

    private static Path data;
    private static RapportSuite suite;
    private static JsonNode document;
    private static Mutations mutations;
    private static List<Operation> operations;
    /** Operations that read query parameters: the method, the path, the parameters' names. */
    private static List<Operation> queried;
    private static String attackerKey;
    private static String neighbourKey;
    private static Map<String, String> storedBefore;
    private static List<Long> baseline;
    private static final List<Long> during = new CopyOnWriteArrayList<>();
    private static final List<String> neighbourFailures = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean attacking = new AtomicBoolean();
    /** The answers that were not a clean refusal: reported first, whatever else then fails. */
    private static final List<String> badAnswers = new CopyOnWriteArrayList<>();
    /** Requests sent, by mutation and method: the attack must have reached every kind of request. */
    private static final Map<String, Integer> sent = new java.util.concurrent.ConcurrentSkipListMap<>();
    private static Thread neighbour;
    private static int neighbourRounds;

    /** A REST operation with a JSON body, its example and its schema. */
    record Operation(String method, String path, JsonNode example, JsonNode schema) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeContainer
    static void up() throws Exception {
        data = Files.createTempDirectory("rapport-hardening");
        SMTP.start();
        suite = new RapportSuite("HardeningIT", data, SMTP.getSmtp().getPort());
        suite.up();
        document = JSON.readTree(send("GET", "/v3/api-docs", null, null).body());
        mutations = new Mutations(document);
        operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                JsonNode json = operation.getValue().path("requestBody").path("content").path("application/json");
                if (json.has("schema") && json.has("example")) {
                    operations.add(new Operation(operation.getKey().toUpperCase(), path.getKey(),
                            json.get("example"), json.get("schema")));
                }
            }
        }
        assertThat(operations).as("operations with a JSON body").hasSizeGreaterThan(20);
        queried = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                List<String> names = new ArrayList<>();
                operation.getValue().path("parameters").forEach(parameter -> {
                    if (parameter.path("in").asString("").equals("query")
                            && BAD_QUERY_VALUES.containsKey(parameter.path("name").asString(""))) {
                        names.add(parameter.get("name").asString());
                    }
                });
                if (!names.isEmpty() && path.getKey().startsWith("/v1/")) {
                    queried.add(new Operation(operation.getKey().toUpperCase(), path.getKey(),
                            JSON.valueToTree(names), null));
                }
            }
        }
        assertThat(queried).as("operations with query parameters").hasSizeGreaterThan(10);
        attackerKey = workspace("mallory");
        neighbourKey = workspace("bob");
        assertThat(send("POST", "/v1/segments", "{\"id\":\"buyers\",\"name\":\"Buyers\",\"rule\":\"order_count >= 1\"}",
                neighbourKey).statusCode()).isEqualTo(201);
        // Whom the attacker's runaway templates are addressed to (their suppressions land on this timeline).
        assertThat(send("POST", "/v1/customers", "{\"id\":\"target\",\"email\":\"target@example.com\"}",
                attackerKey).statusCode()).isEqualTo(201);
        baseline = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            baseline.add(neighbourRound());
        }
        storedBefore = stored(attackerKey);
    }

    @AfterContainer
    static void down() throws Exception {
        attacking.set(false);
        if (suite != null) {
            suite.close();
        }
        SMTP.stop();
    }

    /** While the attack runs, the neighbour keeps recording and reading, and says how long each view took. */
    @BeforeProperty
    void neighbourGoesOn() {
        attacking.set(true);
        neighbour = new Thread(() -> {
            while (attacking.get()) {
                try {
                    during.add(neighbourRound());
                    poison();
                } catch (Exception | AssertionError e) {
                    neighbourFailures.add(String.valueOf(e));
                }
            }
        }, "neighbour");
        neighbour.start();
    }

    @Property(tries = 1_500, shrinking = ShrinkingMode.OFF, seed = "20261204",
            afterFailure = AfterFailureMode.PREVIOUS_SEED)
    void everyMalformedOversizedOrOutOfRangeBodyIsRefusedCleanly(@ForAll("operations") Operation operation,
                                                                 @ForAll Mutations.Kind kind,
                                                                 @ForAll Random random) throws Exception {
        String body = mutations.apply(kind, operation.example(), operation.schema(), random);
        if (body == null) {
            return; // nothing of that kind in this body
        }
        sent.merge(kind + " " + operation.method(), 1, Integer::sum);
        String path = operation.path().replaceAll("\\{[^}]+}", "x-" + random.nextInt(1_000));
        HttpResponse<String> answer = sendRetrying(operation.method(), path, body, attackerKey);
        assertRefusedCleanly(operation + " with " + kind + ": " + abbreviate(body), answer);
    }

    /** A query parameter with a value its operation cannot take: refused like a bad body. */
    @Property(tries = 600, shrinking = ShrinkingMode.OFF, seed = "20261205",
            afterFailure = AfterFailureMode.PREVIOUS_SEED)
    void everyOutOfRangeOrMalformedQueryIsRefusedCleanly(@ForAll("queried") Operation operation,
                                                         @ForAll Random random) throws Exception {
        List<String> names = new ArrayList<>();
        operation.example().forEach(name -> names.add(name.asString()));
        String name = names.get(random.nextInt(names.size()));
        List<String> values = BAD_QUERY_VALUES.get(name);
        String value = values.get(random.nextInt(values.size()));
        String path = operation.path().replaceAll("\\{[^}]+}", "x-" + random.nextInt(1_000)) + "?" + name + "="
                + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        sent.merge("QUERY " + operation.method(), 1, Integer::sum);
        HttpResponse<String> answer = sendRetrying(operation.method(), path,
                operation.method().equals("GET") ? null : "{}", attackerKey);
        assertRefusedCleanly(operation + " with " + name + "=" + abbreviate(value), answer);
    }

    /** A 4xx problem+json that names no internals; a bad answer is also kept to be reported first. */
    private static void assertRefusedCleanly(String request, HttpResponse<String> answer) {
        String call = request + " -> " + answer.statusCode() + " " + abbreviate(answer.body());
        try {
            assertThat(answer.statusCode()).as(call).isBetween(400, 499);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(call)
                    .startsWith("application/problem+json");
            assertThat(INTERNALS.matcher(answer.body()).find()).as("internals in " + call).isFalse();
        } catch (AssertionError refusedBadly) {
            badAnswers.add(refusedBadly.getMessage());
            throw refusedBadly;
        }
    }

    @Provide
    Arbitrary<Operation> queried() {
        return Arbitraries.of(queried);
    }

    @AfterProperty
    void nothingWasStoredAndTheNeighbourWasNotSlowed() throws Exception {
        attacking.set(false);
        neighbour.join(TimeUnit.MINUTES.toMillis(2));
        System.out.println("HardeningIT sent, by mutation and method: " + sent);
        assertThat(badAnswers).as("answers that were not a clean refusal").isEmpty();
        assertThat(sent.values().stream().mapToInt(Integer::intValue).sum()).as("requests sent").isGreaterThan(500);
        if (sent.keySet().stream().anyMatch(key -> !key.startsWith("QUERY "))) {
            for (Mutations.Kind kind : Mutations.Kind.values()) {
                assertThat(sent.keySet()).as("requests with " + kind).anyMatch(key -> key.startsWith(kind + " "));
            }
        }
        assertThat(neighbourFailures).as("the neighbour's own calls").isEmpty();
        assertThat(during).as("neighbour rounds during the attack").hasSizeGreaterThanOrEqualTo(5);
        long usual = median(baseline);
        assertThat(median(during)).as("median ms from recording to the segment, usually " + usual + " ms (" + baseline
                + "), during the attack " + during).isLessThanOrEqualTo(Math.max(3 * usual, usual + 1_500));
        assertThat(stored(attackerKey)).as("what the attacker's workspace holds").isEqualTo(storedBefore);
        // The neighbour's segment knows every one of its buyers.
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> memberCount() == neighbourRounds);
        } catch (ConditionTimeoutException stillShort) {
            // reported just below, naming who is missing
        }
        assertThat(memberCount()).as("members of the neighbour's segment; not members: " + notMembers())
                .isEqualTo(neighbourRounds);
        // And the neighbour's models still learn from its customers.
        HttpResponse<String> fit = send("POST", "/v1/models/purchase/fits", "{}", neighbourKey);
        assertThat(fit.statusCode()).as(fit.body()).isEqualTo(201);
        assertThat(JSON.readTree(fit.body()).get("customers").asLong()).isEqualTo(neighbourRounds);
        awaitProcessorsCaughtUp();
    }

    @Provide
    Arbitrary<Operation> operations() {
        return Arbitraries.of(operations);
    }

    /** One neighbour customer with three purchases; the time until their view puts them in the neighbour's segment. */
    private static long neighbourRound() throws Exception {
        String customer = "n-" + (++neighbourRounds);
        StringBuilder batch = new StringBuilder("{\"interactions\":[");
        for (int i = 0; i < 3; i++) {
            batch.append(i == 0 ? "" : ",").append("""
                    {"eventId":"%s-%d","customerId":"%s","channel":"STORE","direction":"INBOUND","kind":"PURCHASE",
                     "occurredAt":"2026-11-0%dT10:00:00Z","amount":"10.00","currency":"EUR"}""".formatted(customer,
                    i, customer, i + 1));
        }
        long started = System.nanoTime();
        HttpResponse<String> recorded = send("POST", "/v1/interactions", batch.append("]}").toString(), neighbourKey);
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(200);
        // The customer's own read folds what the views lack from the store; the segment sees the stored views only.
        JsonNode view = JSON.readTree(send("GET", "/v1/customers/" + customer, null, neighbourKey).body());
        assertThat(view.get("orderCount").asLong()).as(view.toString()).isEqualTo(3);
        assertThat(view.get("spend").get("EUR").asString()).isEqualTo("30.00");
        int rounds = neighbourRounds;
        await("the neighbour's customer " + customer + " in their segment")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> memberCount() == rounds);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Templates that reach for files or run away, sent as the attacker: each must be refused or suppressed. */
    private static void poison() throws Exception {
        String template = ATTACK_TEMPLATES[neighbourRounds % ATTACK_TEMPLATES.length];
        HttpResponse<String> sent = send("POST", "/v1/messages", JSON.writeValueAsString(Map.of(
                "idempotencyKey", "poison-" + neighbourRounds, "customerId", "target", "channel", "EMAIL",
                "purpose", "TRANSACTIONAL",
                "template", Map.of("subject", "x", "body", template))), attackerKey);
        assertThat(sent.statusCode()).as(sent.body()).satisfiesAnyOf(status -> assertThat(status).isEqualTo(202),
                status -> assertThat(status).isBetween(400, 499));
        if (sent.statusCode() == 202) {
            assertThat(JSON.readTree(sent.body()).get("state").asString()).as(sent.body()).isEqualTo("SUPPRESSED");
        }
    }

    private static long memberCount() throws Exception {
        return JSON.readTree(send("GET", "/v1/segments/buyers/members", null, neighbourKey).body())
                .get("memberCount").asLong();
    }

    /** The neighbour's customers missing from their segment, each with what their view says. */
    private static List<String> notMembers() throws Exception {
        List<String> members = new ArrayList<>();
        JSON.readTree(send("GET", "/v1/segments/buyers/members?limit=1000", null, neighbourKey).body()).get("items")
                .forEach(member -> members.add(member.asString()));
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= neighbourRounds; i++) {
            if (!members.contains("n-" + i)) {
                JsonNode view = JSON.readTree(send("GET", "/v1/customers/n-" + i, null, neighbourKey).body());
                missing.add("n-" + i + " (version " + view.path("version") + ", orders " + view.path("orderCount")
                        + ")");
            }
        }
        return missing;
    }

    /** What each list shows the attacker's key (ids, and the messaging settings as they are). */
    private static Map<String, String> stored(String key) throws Exception {
        Map<String, String> lists = new TreeMap<>();
        for (String list : LISTS) {
            JsonNode answer = JSON.readTree(send("GET", list, null, key).body());
            lists.put(list, answer.has("items") ? answer.get("items").findValuesAsString("id").toString()
                    : answer.toString());
        }
        return lists;
    }

    private static void awaitProcessorsCaughtUp() throws Exception {
        Pattern lagging = Pattern.compile("rapport_processor_lag\\{[^}]*} (?!0\\.0\\b)\\d");
        Pattern deadLetters = Pattern.compile("rapport_dead_letters\\{[^}]*} (?!0\\.0\\b)\\d");
        for (String service : List.of("RELATIONSHIP", "CAMPAIGN", "MESSAGING")) {
            String url = "http://127.0.0.1:" + suite.ports.get(service + "_HTTP_PORT") + "/actuator/prometheus";
            String metrics = await(service + " processors catching up").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofString()).body(), text -> !lagging.matcher(text).find());
            assertThat(deadLetters.matcher(metrics).find()).as(service + " has no dead letters").isFalse();
        }
    }

    private static String workspace(String id) throws Exception {
        HttpResponse<String> made = send("POST", "/v1/admin/workspaces", "{\"id\":\"" + id + "\",\"name\":\"" + id
                + "\"}", RapportSuite.API_KEY);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return JSON.readTree(made.body()).get("apiKey").get("key").asString();
    }

    /** A 429 (the attacker's own rate limit) is waited out: the answer that matters is the one after it. */
    private static HttpResponse<String> sendRetrying(String method, String path, String body, String key)
            throws Exception {
        HttpResponse<String> first = send(method, path, body, key);
        if (first.statusCode() != 429) {
            return first;
        }
        return await("an answer other than 429").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send(method, path, body, key), answer -> answer.statusCode() != 429);
    }

    private static HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(suite.gateway() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…(" + text.length() + " chars)" : text;
    }
}
