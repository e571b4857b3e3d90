package io.rapport.gateway.bench;

import static io.rapport.gateway.bench.BenchClient.abbreviate;
import static io.rapport.gateway.bench.BenchClient.expect;
import static io.rapport.gateway.bench.BenchClient.round;

import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.rapport.gateway.cli.ImportCli;
import io.rapport.platform.bench.BenchLine;
import io.rapport.platform.bench.SmtpSink;
import tools.jackson.databind.JsonNode;

/**
 * The whole suite as a user runs it, in one run against a suite started by {@code ./rapport bench suite} (file-backed
 * store, default heaps, a scratch data directory, e-mail to the SMTP sink this process listens with): brings in
 * {@code --customers} customers with an e-mail address and marketing consent through {@code POST /v1/customers/batch},
 * records interactions from 8 clients in batches of 100, imports CDNOW_master, works out one segment over every
 * customer, and sends a campaign with a 10 % control group to everyone with consent through to the sink. Prints a
 * table and one JSON line; the script adds each process's resident memory.
 */
public final class SuiteBenchmark {

    /** How many batch calls bring customers in at once. */
    private static final int UPSERT_CLIENTS = 4;
    private static final int CDNOW_CUSTOMERS = 23_570;

    record Options(String url, String key, int customers, Path cdnow, int clients, int seconds, int warmup,
                   int smtpPort, int campaignMinutes) {
    }

    private final Options options;
    private final BenchClient client;
    private final PrintStream out = System.out;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private SuiteBenchmark(Options options) {
        this.options = options;
        this.client = new BenchClient(options.url(), options.key());
    }

    public static void main(String[] args) throws Exception {
        new SuiteBenchmark(options(args)).run();
    }

    private void run() throws Exception {
        out.printf(Locale.ROOT, "suite bench: %s, %,d customers, ingest %d clients x 100 for %d s (after %d s warm-up)%n",
                options.url(), options.customers(), options.clients(), options.seconds(), options.warmup());
        try (SmtpSink sink = new SmtpSink(options.smtpPort())) {
            figures.put("customers", options.customers());
            bringCustomersIn();
            ingest();
            importCdnow();
            evaluateSegment();
            sendCampaign(sink);
        }
        out.println();
        out.println("| figure | value |");
        out.println("| --- | --- |");
        figures.forEach((name, value) -> out.printf(Locale.ROOT, "| %s | %s |%n", name, value));
        out.println(BenchLine.of("suite", figures));
    }

    /** Customers 1..N: the first 23,570 with CDNOW's ids (so the import adds their purchases), all e-mailable. */
    private void bringCustomersIn() throws Exception {
        int batches = (options.customers() + 999) / 1_000;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(UPSERT_CLIENTS);
        long started = System.nanoTime();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < UPSERT_CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                for (int batch = next.getAndIncrement(); batch < batches; batch = next.getAndIncrement()) {
                    StringJoiner customers = new StringJoiner(",", "{\"customers\":[", "]}");
                    for (int i = batch * 1_000 + 1; i <= Math.min(options.customers(), (batch + 1) * 1_000); i++) {
                        customers.add(("{\"id\":\"%s\",\"firstName\":\"Customer %d\",\"email\":\"c%d@bench.rapport.test\","
                                + "\"consents\":[{\"channel\":\"EMAIL\",\"purpose\":\"marketing\",\"granted\":true,"
                                + "\"source\":\"bench\"}]}").formatted(customerId(i), i, i));
                    }
                    HttpResponse<String> answer = client.send("POST", "/v1/customers/batch", customers.toString());
                    if (answer.statusCode() != 200 || answer.body().contains("\"CONFLICT\"")) {
                        errors.incrementAndGet();
                        out.println("customer batch " + batch + ": " + answer.statusCode() + " " + abbreviate(answer.body()));
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "customers in:       %,d in %.1f s: %,.0f customers/s, %d failed batches%n",
                options.customers(), seconds, options.customers() / seconds, errors.get());
        figures.put("customer_upserts_per_s", round(options.customers() / seconds));
        figures.put("customer_batch_errors", errors.get());
    }

    private static String customerId(int i) {
        return i <= CDNOW_CUSTOMERS ? "%05d".formatted(i) : "b%07d".formatted(i);
    }

    private void ingest() throws Exception {
        GatewayLoad.Options load = new GatewayLoad.Options(options.url(), options.key(), options.clients(),
                options.seconds(), 100, options.warmup());
        if (options.warmup() > 0) {
            GatewayLoad.print(out, "(warm-up batches)", GatewayLoad.phase(load, options.warmup(),
                    GatewayLoad.batches(load, "warm" + GatewayLoad.run()), GatewayLoad.httpClient()), 100);
        }
        GatewayLoad.Figures batches = GatewayLoad.phase(load, options.seconds(),
                GatewayLoad.batches(load, GatewayLoad.run()), GatewayLoad.httpClient());
        GatewayLoad.print(out, "interaction batches", batches, 100);
        figures.put("ingest_interactions_per_s", round(batches.perSecond() * 100));
        figures.put("ingest_p50_ms", round(batches.millisAt(0.5)));
        figures.put("ingest_p99_ms", round(batches.millisAt(0.99)));
        figures.put("ingest_errors", batches.errors());
    }

    private void importCdnow() throws Exception {
        if (options.cdnow() == null) {
            return;
        }
        long started = System.nanoTime();
        JsonNode job = new ImportCli(out, Map.of(), false).importFiles(options.url(), options.key(),
                List.of(options.cdnow()), "cdnow", null);
        double seconds = (System.nanoTime() - started) / 1e9;
        long rows = job == null ? 0 : job.get("rowsRead").asLong();
        figures.put("import_rows", rows);
        figures.put("import_rows_per_s", round(rows / seconds));
        figures.put("import_status", job == null ? "REFUSED" : job.get("status").asString());
    }

    private void evaluateSegment() throws Exception {
        expect(client.send("POST", "/v1/segments", "{\"id\":\"bench-mailable\",\"name\":\"Bench: e-mail consent\","
                + "\"rule\":\"consent.email\"}"), 201, 409);
        long started = System.nanoTime();
        HttpResponse<String> answer = expect(client.send("POST", "/v1/segments/evaluations?sample=0",
                "{\"id\":\"bench-mailable\"}"), 200);
        double seconds = (System.nanoTime() - started) / 1e9;
        JsonNode evaluation = BenchClient.JSON.readTree(answer.body());
        long customers = evaluation.get("customers").asLong();
        out.printf(Locale.ROOT, "segment evaluation: %,d customers (%,d members) in %.1f s: %,.0f customers/s%n",
                customers, evaluation.get("members").asLong(), seconds, customers / seconds);
        figures.put("segment_customers", customers);
        figures.put("segment_members", evaluation.get("members").asLong());
        figures.put("segment_customers_per_s", round(customers / seconds));
    }

    /** A campaign to the segment, now, 10 % held out, until the sink has every e-mail the campaign sent. */
    private void sendCampaign(SmtpSink sink) throws Exception {
        // Quiet hours from 00:00 to 00:00 hold no time: the bench sends whatever the hour.
        expect(client.send("PUT", "/v1/admin/messaging-settings", "{\"marketingCap\":{\"count\":100,\"window\":\"P1D\"},"
                + "\"quietHours\":{\"from\":\"00:00\",\"until\":\"00:00\"}}"), 200);
        String id = "bench-" + GatewayLoad.run();
        expect(client.send("POST", "/v1/campaigns", ("{\"id\":\"%s\",\"definition\":{\"name\":\"Bench\",\"segmentId\":"
                + "\"bench-mailable\",\"controlPercent\":10,\"channel\":\"EMAIL\",\"variants\":[{\"variantId\":\"a\","
                + "\"weight\":1,\"templates\":{\"email\":{\"subject\":\"Hello {{ customer_first_name }}\",\"body\":"
                + "\"Hello {{ customer_first_name }}, this is the bench.\"}}}],\"schedule\":{\"kind\":\"NOW\"}}}")
                .formatted(id)), 201);
        int before = sink.arrivals().size();
        long started = System.nanoTime();
        expect(client.send("POST", "/v1/campaigns/" + id + "/schedule", ""), 200);
        long deadline = started + TimeUnit.MINUTES.toNanos(options.campaignMinutes());
        JsonNode campaign;
        long completedAt = 0;
        int lastCount = -1;
        long lastGrowth = System.nanoTime();
        while (true) {
            campaign = BenchClient.JSON.readTree(expect(client.send("GET", "/v1/campaigns/" + id, null), 200).body());
            if (completedAt == 0 && "COMPLETED".equals(campaign.get("status").asString())) {
                completedAt = System.nanoTime();
            }
            int arrived = sink.arrivals().size() - before;
            if (arrived != lastCount) {
                lastCount = arrived;
                lastGrowth = System.nanoTime();
            }
            long expected = campaign.path("audience").asLong(-1) - campaign.path("control").asLong(0);
            boolean allIn = completedAt != 0 && arrived >= expected;
            // Sends the policy stopped never arrive: once completed, 30 s without a new e-mail ends the wait.
            boolean stalled = completedAt != 0 && System.nanoTime() - lastGrowth > TimeUnit.SECONDS.toNanos(30);
            if (allIn || stalled || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(250);
        }
        long first = sink.arrivals().values().stream().mapToLong(Long::longValue).min().orElse(started);
        long last = sink.arrivals().values().stream().mapToLong(Long::longValue).max().orElse(started);
        int delivered = sink.arrivals().size() - before;
        double sending = Math.max(1e-3, (last - first) / 1e9);
        double total = (Math.max(last, completedAt) - started) / 1e9;
        out.printf(Locale.ROOT, "campaign:           audience %,d, control %,d, %,d e-mails at the sink; %,.0f messages/s "
                        + "(first to last e-mail), %.1f s from schedule to completed (status %s)%n",
                campaign.path("audience").asLong(), campaign.path("control").asLong(), delivered, delivered / sending,
                total, campaign.get("status").asString());
        figures.put("campaign_audience", campaign.path("audience").asLong());
        figures.put("campaign_control", campaign.path("control").asLong());
        figures.put("campaign_delivered", delivered);
        figures.put("campaign_messages_per_s", round(delivered / sending));
        figures.put("campaign_schedule_to_completed_s", round(total));
        figures.put("campaign_status", campaign.get("status").asString());
    }

    private static Options options(String[] args) {
        String url = System.getenv().getOrDefault("RAPPORT_URL", "http://127.0.0.1:8080");
        String key = System.getenv("RAPPORT_API_KEY");
        int customers = CDNOW_CUSTOMERS;
        Path cdnow = null;
        int clients = 8;
        int seconds = 60;
        int warmup = 30;
        int smtpPort = 2525;
        int campaignMinutes = 60;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--key" -> key = args[i + 1];
                case "--customers" -> customers = Integer.parseInt(args[i + 1]);
                case "--cdnow" -> cdnow = Path.of(args[i + 1]);
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--smtp-port" -> smtpPort = Integer.parseInt(args[i + 1]);
                case "--campaign-minutes" -> campaignMinutes = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--url, --key, --customers,"
                        + " --cdnow, --clients, --seconds, --warmup, --smtp-port, --campaign-minutes)");
            }
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an API key is needed: --key or RAPPORT_API_KEY");
        }
        if (customers < 1 || customers > 10_000_000 || clients < 1 || clients > 1_000 || seconds < 1
                || warmup < 0 || campaignMinutes < 1) {
            throw new IllegalArgumentException("--customers 1-10000000, --clients 1-1000, --seconds >= 1, "
                    + "--warmup >= 0, --campaign-minutes >= 1");
        }
        if (cdnow != null && !Files.isReadable(cdnow)) {
            throw new IllegalArgumentException("cannot read " + cdnow);
        }
        return new Options(url, key, customers, cdnow, clients, seconds, warmup, smtpPort, campaignMinutes);
    }
}
