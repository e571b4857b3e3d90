package io.rapport.gateway.bench;

import static io.rapport.gateway.bench.BenchClient.round;

import java.io.BufferedWriter;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import io.rapport.gateway.cli.ImportCli;
import io.rapport.platform.bench.BenchLine;
import io.rapport.platform.crypto.Digests;
import tools.jackson.databind.JsonNode;

/**
 * Every screen of the console with a workspace of {@code --customers} customers, against a suite started by
 * {@code ./rapport bench console}: brings the customers in with a CSV import (unless the data directory kept from an
 * earlier run holds them already), gives one of them {@code --history} interactions, lets {@code --complaints} of
 * them complain by e-mail, makes a segment, a campaign and a journey, fits the purchase model, and then calls, for
 * each screen, the API the console calls to draw it, with the console's session cookie, {@code --rounds} times.
 * Prints each screen's median and slowest time as a table and one JSON line; the target is a second per screen.
 */
public final class ConsoleBenchmark {

    /** How many customers the console's rule editor counts as you type ({@code PREVIEWED} in console.js). */
    private static final int PREVIEWED = 2_000;
    /** The customer whose long history the 360 screens show. */
    private static final String LONG = customerId(1);

    record Options(String url, String key, int customers, int history, int complaints, int rounds) {
    }

    private record Call(String method, String path, String body) {
    }

    private record Screen(String name, List<Call> calls) {
    }

    private final Options options;
    private final BenchClient client;
    private final PrintStream out = System.out;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private ConsoleBenchmark(Options options) {
        this.options = options;
        this.client = new BenchClient(options.url(), options.key());
    }

    public static void main(String[] args) throws Exception {
        new ConsoleBenchmark(options(args)).run();
    }

    private void run() throws Exception {
        out.printf(Locale.ROOT, "console bench: %s, %,d customers, one with %,d interactions, %d complaints, %d rounds%n",
                options.url(), options.customers(), options.history(), options.complaints(), options.rounds());
        figures.put("customers", options.customers());
        figures.put("history", options.history());
        bringCustomersIn();
        recordHistory();
        String conversation = complain();
        String campaign = campaignAndJourney();
        fitModel();
        measure(screens(conversation, campaign));
        out.println(BenchLine.of("console", figures));
    }

    private static String customerId(int i) {
        return "c%07d".formatted(i);
    }

    private void bringCustomersIn() throws Exception {
        if (client.send("GET", "/v1/customers/" + customerId(options.customers()), null).statusCode() == 200) {
            out.printf(Locale.ROOT, "customers in:    the data directory holds them already%n");
            return;
        }
        Path file = Files.createTempFile("rapport-console-bench", ".csv");
        try {
            try (BufferedWriter csv = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                csv.write("id,email,firstName,lastName,attributes.tier,consent.EMAIL.marketing\n");
                for (int i = 1; i <= options.customers(); i++) {
                    csv.write("%s,c%d@bench.rapport.test,Customer,No %d,%s,%s\n".formatted(customerId(i), i, i,
                            i % 1_000 == 1 ? "gold" : "standard", i % 3 == 0 ? "false" : "true"));
                }
            }
            long started = System.nanoTime();
            JsonNode job = new ImportCli(out, Map.of(), false).importFiles(options.url(), options.key(), List.of(file),
                    "customers", null);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (job == null || !"SUCCEEDED".equals(job.get("status").asString())) {
                throw new IllegalStateException("the customer import did not complete: " + job);
            }
            out.printf(Locale.ROOT, "customers in:    %,d in %.1f s: %,.0f rows/s%n", options.customers(), seconds,
                    options.customers() / seconds);
            figures.put("import_rows_per_s", round(options.customers() / seconds));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Purchases, visits and messages over the last years, a hundred per call; recorded before, they are known. */
    private void recordHistory() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(3 * 365, ChronoUnit.DAYS);
        long step = 3L * 365 * 24 * 3600 / Math.max(1, options.history());
        long started = System.nanoTime();
        for (int first = 0; first < options.history(); first += 100) {
            StringJoiner batch = new StringJoiner(",", "{\"interactions\":[", "]}");
            for (int i = first; i < Math.min(options.history(), first + 100); i++) {
                String at = start.plusSeconds(i * step).toString();
                String extra = switch (i % 4) {
                    case 0 -> "\"channel\":\"WEB\",\"direction\":\"INBOUND\",\"kind\":\"PURCHASE\",\"amount\":\"%d.50\","
                            .formatted(10 + i % 90) + "\"currency\":\"EUR\"";
                    case 1 -> "\"channel\":\"SOCIAL\",\"direction\":\"INBOUND\",\"kind\":\"MESSAGE\",\"content\":\"%s\""
                            .formatted(i % 8 == 1 ? "Love the new collection, thank you!" : "Still waiting, not happy.");
                    case 2 -> "\"channel\":\"EMAIL\",\"direction\":\"INBOUND\",\"kind\":\"CLICK\"";
                    default -> "\"channel\":\"APP\",\"direction\":\"INBOUND\",\"kind\":\"VISIT\"";
                };
                batch.add("{\"eventId\":\"console-bench-%d\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",%s}"
                        .formatted(i, LONG, at, extra));
            }
            client.json(client.send("POST", "/v1/interactions", batch.toString()), 200);
        }
        out.printf(Locale.ROOT, "history:         %,d interactions of %s in %.1f s%n", options.history(), LONG,
                (System.nanoTime() - started) / 1e9);
    }

    /** Complaints by e-mail from as many customers, through the signed inbound webhook; answers one conversation. */
    private String complain() throws Exception {
        String secret = client.json(client.send("GET", "/v1/admin/inbound-secret", null), 200).get("secret").asString();
        String conversation = null;
        for (int i = 1; i <= options.complaints(); i++) {
            int customer = 1 + (int) ((long) (i - 1) * options.customers() / Math.max(1, options.complaints()));
            String body = ("{\"id\":\"<bench-%d@mail.example>\",\"from\":\"c%d@bench.rapport.test\",\"subject\":\"My order\","
                    + "\"text\":\"My parcel arrived broken and nobody answers my emails. This is terrible.\"}")
                    .formatted(i, customer);
            JsonNode answer = client.json(webhook(body, secret), 200);
            if (customer == 1) {
                conversation = answer.get("conversationId").asString();
            }
        }
        return conversation;
    }

    private HttpResponse<String> webhook(String body, String secret) throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return client.signed("/inbound/default/email", body, timestamp,
                "v1=" + Digests.hmacSha256Hex(secret, timestamp + "." + body));
    }

    /** The gold tier (one customer in a thousand) as a segment, a campaign to it held in draft, and a journey. */
    private String campaignAndJourney() throws Exception {
        client.json(client.send("POST", "/v1/segments", "{\"id\":\"console-gold\",\"name\":\"Gold tier\","
                + "\"rule\":\"attribute.tier = \\\"gold\\\"\"}"), 201, 409);
        client.json(client.send("POST", "/v1/campaigns", "{\"id\":\"console-gold-offer\",\"definition\":{\"name\":\"Gold\","
                + "\"segmentId\":\"console-gold\",\"controlPercent\":10,\"channel\":\"EMAIL\",\"variants\":["
                + "{\"variantId\":\"a\",\"weight\":1,\"templates\":{\"email\":{\"subject\":\"Hello {{ customer_first_name }}\","
                + "\"body\":\"Hello {{ customer_first_name }}, a gift for gold.\"}}}],\"schedule\":{\"kind\":\"NOW\"}}}"),
                201, 409);
        client.json(client.send("POST", "/v1/journeys", "{\"id\":\"console-welcome\",\"definition\":{\"name\":\"Welcome\","
                + "\"entry\":{\"segmentId\":\"console-gold\",\"reEntry\":\"NEVER\"},\"steps\":[{\"stepId\":\"hello\","
                + "\"send\":{\"channel\":\"EMAIL\",\"templates\":{\"email\":{\"subject\":\"Welcome\",\"body\":\"Hello!\"}}}},"
                + "{\"stepId\":\"out\",\"exit\":{}}]}}"), 201, 409);
        return "console-gold-offer";
    }

    private void fitModel() throws Exception {
        long started = System.nanoTime();
        int status = client.send("POST", "/v1/models/purchase/fits", "{}").statusCode();
        out.printf(Locale.ROOT, "model fit:       %d in %.1f s%n", status, (System.nanoTime() - started) / 1e9);
    }

    private List<Screen> screens(String conversation, String campaign) throws Exception {
        String middle = customerId(options.customers() / 2 + 1);
        String secondPage = client.json(client.send("GET", "/v1/customers?limit=25", null), 200).path("nextCursor")
                .asString(null);
        String asOf = Instant.now().minus(365, ChronoUnit.DAYS).toString();
        String timeline = "/v1/customers/" + LONG + "/timeline";
        String older = client.json(client.send("GET", timeline + "?limit=25", null), 200).path("nextCursor")
                .asString(null);
        String preview = "{\"customerId\":\"" + LONG + "\"}";
        return List.of(
                new Screen("sign-in", List.of(new Call("POST", "/v1/sessions", "{\"apiKey\":\"" + options.key() + "\"}"),
                        get("/v1/sessions/current"))),
                new Screen("customers", List.of(get("/v1/customers?limit=25"))),
                new Screen("customers, next page", List.of(get("/v1/customers?limit=25&cursor=" + query(secondPage)))),
                new Screen("find by e-mail", List.of(get("/v1/identifiers?type=EMAIL&value="
                        + query("c" + (options.customers() / 2 + 1) + "@bench.rapport.test")), get("/v1/customers/" + middle))),
                new Screen("360, long history", List.of(get("/v1/customers/" + LONG), get(timeline + "?limit=500"),
                        get(timeline + "?limit=25"), get(timeline + "?limit=25&type=CONSENT_CHANGED"))),
                new Screen("360 as of a year ago", List.of(get("/v1/customers/" + LONG + "?asOf=" + query(asOf)),
                        get(timeline + "?limit=500&to=" + query(asOf)), get(timeline + "?limit=25&to=" + query(asOf)),
                        get(timeline + "?limit=25&type=CONSENT_CHANGED&to=" + query(asOf)))),
                new Screen("timeline, older page", List.of(get(timeline + "?limit=25&cursor=" + query(older)))),
                new Screen("timeline, purchases", List.of(get(timeline + "?limit=25&kind=PURCHASE"))),
                new Screen("inbox", List.of(get("/v1/conversations?flagged=true&limit=50"),
                        get("/v1/conversations?status=OPEN&limit=50"))),
                new Screen("conversation", List.of(get("/v1/conversations/" + conversation))),
                new Screen("segments", List.of(get("/v1/segments?limit=50"))),
                new Screen("segment and members", List.of(get("/v1/segments/console-gold"),
                        get("/v1/segments/console-gold/members?limit=50"))),
                new Screen("rule editor live count", List.of(new Call("POST",
                        "/v1/segments/evaluations?sample=10&maxCustomers=" + PREVIEWED,
                        "{\"rule\":\"consent.email and order_count >= 0\"}"))),
                new Screen("campaigns", List.of(get("/v1/campaigns?limit=50"))),
                new Screen("campaign and report", List.of(get("/v1/campaigns/" + campaign),
                        get("/v1/campaigns/" + campaign + "/report"))),
                new Screen("campaign preview", List.of(new Call("POST", "/v1/campaigns/" + campaign + "/previews", preview))),
                new Screen("journey", List.of(get("/v1/journeys/console-welcome"), get("/v1/journeys/console-welcome/report"),
                        get("/v1/journeys/console-welcome/runs?limit=25"))),
                new Screen("imports", List.of(get("/v1/imports?limit=20"))),
                new Screen("models", List.of(get("/v1/models/purchase/fits?limit=20"))),
                new Screen("admin", List.of(get("/v1/admin/api-keys?limit=100"), get("/v1/admin/messaging-settings"),
                        get("/v1/admin/workspaces?limit=100"))));
    }

    private static Call get(String path) {
        return new Call("GET", path, null);
    }

    private static String query(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Each screen's calls one after the other (an upper bound: the console sends some of them together). */
    private void measure(List<Screen> screens) throws Exception {
        HttpResponse<String> signIn = client.send("POST", "/v1/sessions", "{\"apiKey\":\"" + options.key() + "\"}");
        BenchClient console = client.withCookie(signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0]);
        out.println();
        out.println("| screen | calls | median ms | slowest ms |");
        out.println("| --- | --- | --- | --- |");
        double slowest = 0;
        Map<String, Object> perScreen = new LinkedHashMap<>();
        for (Screen screen : screens) {
            double[] millis = new double[options.rounds()];
            for (int round = 0; round < options.rounds(); round++) {
                long started = System.nanoTime();
                for (Call call : screen.calls()) {
                    HttpResponse<String> answer = console.send(call.method(), call.path(), call.body());
                    if (answer.statusCode() >= 300) {
                        throw new IllegalStateException(screen.name() + ": " + call.method() + " " + call.path()
                                + " answered " + answer.statusCode() + ": " + BenchClient.abbreviate(answer.body()));
                    }
                }
                millis[round] = (System.nanoTime() - started) / 1e6;
            }
            Arrays.sort(millis);
            double median = millis[millis.length / 2];
            double max = millis[millis.length - 1];
            slowest = Math.max(slowest, max);
            out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f |%n", screen.name(), screen.calls().size(), median, max);
            perScreen.put(screen.name().replaceAll("[^a-z0-9]+", "_").replaceAll("_$", "") + "_ms", round(max));
        }
        figures.put("slowest_screen_ms", round(slowest));
        figures.putAll(perScreen);
    }

    private static Options options(String[] args) {
        String url = System.getenv().getOrDefault("RAPPORT_URL", "http://127.0.0.1:8080");
        String key = System.getenv("RAPPORT_API_KEY");
        int customers = 100_000;
        int history = 5_000;
        int complaints = 200;
        int rounds = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--key" -> key = args[i + 1];
                case "--customers" -> customers = Integer.parseInt(args[i + 1]);
                case "--history" -> history = Integer.parseInt(args[i + 1]);
                case "--complaints" -> complaints = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--url, --key, --customers,"
                        + " --history, --complaints, --rounds)");
            }
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an API key is needed: --key or RAPPORT_API_KEY");
        }
        if (customers < 1 || customers > 10_000_000 || history < 0 || history > 1_000_000 || complaints < 1
                || complaints > customers || rounds < 1 || rounds > 1_000) {
            throw new IllegalArgumentException("--customers 1-10000000, --history 0-1000000, --complaints 1-customers, "
                    + "--rounds 1-1000");
        }
        return new Options(url, key, customers, history, complaints, rounds);
    }
}
