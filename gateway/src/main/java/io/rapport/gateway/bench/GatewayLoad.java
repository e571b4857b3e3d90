package io.rapport.gateway.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Drives a running gateway from N concurrent clients over loopback for a fixed time per phase and prints
 * requests/s, p50/p99/max latency and errors by status: first interaction batches (each client posts batches of new
 * interactions for its own customers), then reads of those customers' relationship views.
 * {@code ./rapport bench gateway} starts a suite of its own to run it against.
 */
public final class GatewayLoad {

    record Options(String url, String key, int clients, int seconds, int batch, int warmup) {
    }

    /** What one phase measured. */
    record Figures(long requests, long errors, Map<Integer, Long> errorsByStatus, double seconds, long[] nanos) {

        double perSecond() {
            return requests / seconds;
        }

        double millisAt(double quantile) {
            if (nanos.length == 0) {
                return 0;
            }
            return nanos[Math.min(nanos.length - 1, (int) Math.ceil(quantile * nanos.length) - 1)] / 1e6;
        }
    }

    private GatewayLoad() {
    }

    /**
     * The benches' HTTP client. It lets a pooled connection go after 5 s idle, before the gateway closes it: a
     * request sent on a connection the server is just closing fails without an answer (seen after a long step).
     */
    static HttpClient httpClient() {
        System.setProperty("jdk.httpclient.keepalive.timeout", "5");
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws Exception {
        Options options = options(args);
        HttpClient http = httpClient();
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "gateway load: %s, %d clients, %d s per phase after %d s of warm-up, %d interactions "
                        + "per batch%n", options.url(), options.clients(), options.seconds(), options.warmup(),
                options.batch());
        if (options.warmup() > 0) {
            // The services' JIT compilers are busy for the first minute of load: warm them on customers of their own.
            Figures warm = phase(options, options.warmup(), batches(options, "warm" + run()), http);
            print(out, "(warm-up batches)", warm, options.batch());
        }
        String run = run();
        Figures batches = phase(options, options.seconds(), batches(options, run), http);
        print(out, "interaction batches", batches, options.batch());
        Figures reads = phase(options, options.seconds(), client -> () -> request(options, "/v1/customers/load-" + run
                + "-" + client + "-" + ThreadLocalRandom.current().nextInt(100)).GET().build(), http);
        print(out, "customer reads", reads, 1);
        out.printf(Locale.ROOT, "{\"bench\":\"gateway\",\"clients\":%d,\"batch\":%d,\"interactions_per_s\":%.1f,"
                        + "\"batch_p50_ms\":%.1f,\"batch_p99_ms\":%.1f,\"batch_errors\":%d,\"reads_per_s\":%.1f,"
                        + "\"read_p50_ms\":%.1f,\"read_p99_ms\":%.1f,\"read_errors\":%d}%n", options.clients(),
                options.batch(), batches.perSecond() * options.batch(), batches.millisAt(0.5), batches.millisAt(0.99),
                batches.errors(), reads.perSecond(), reads.millisAt(0.5), reads.millisAt(0.99), reads.errors());
    }

    static String run() {
        return Long.toString(System.nanoTime(), 36);
    }

    /** Each client's batches: new interactions of the client's own 100 customers (new ones in its first batch). */
    static IntFunction<java.util.function.Supplier<HttpRequest>> batches(Options options, String run) {
        return client -> {
            int[] sent = {0};
            return () -> {
                StringJoiner interactions = new StringJoiner(",", "{\"interactions\":[", "]}");
                for (int i = 0; i < options.batch(); i++) {
                    int n = sent[0]++;
                    interactions.add(("{\"eventId\":\"load-%s-%d-%d\",\"customerId\":\"load-%s-%d-%d\",\"channel\":"
                            + "\"WEB\",\"direction\":\"INBOUND\",\"kind\":\"VISIT\",\"occurredAt\":"
                            + "\"2026-11-01T10:00:00Z\"}").formatted(run, client, n, run, client, n % 100));
                }
                return request(options, "/v1/interactions").POST(HttpRequest.BodyPublishers.ofString(
                        interactions.toString())).header("Content-Type", "application/json").build();
            };
        };
    }

    static HttpRequest.Builder request(Options options, String path) {
        return HttpRequest.newBuilder(URI.create(options.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + options.key());
    }

    /** Each client sends the requests its factory makes, one after the other, until the phase's time is up. */
    static Figures phase(Options options, int seconds,
                                 IntFunction<java.util.function.Supplier<HttpRequest>> clients, HttpClient http)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        long started = System.nanoTime();
        long end = started + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<List<long[]>>> results = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            java.util.function.Supplier<HttpRequest> requests = clients.apply(c);
            results.add(pool.submit(() -> {
                List<long[]> samples = new ArrayList<>();
                while (System.nanoTime() < end) {
                    HttpRequest request = requests.get();
                    long sent = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (java.io.IOException e) {
                        status = 0;
                    }
                    samples.add(new long[] {System.nanoTime() - sent, status});
                }
                return samples;
            }));
        }
        List<long[]> samples = new ArrayList<>();
        for (Future<List<long[]>> result : results) {
            samples.addAll(result.get());
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        Map<Integer, Long> errors = new TreeMap<>();
        long[] nanos = new long[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            nanos[i] = samples.get(i)[0];
            int status = (int) samples.get(i)[1];
            if (status < 200 || status >= 300) {
                errors.merge(status, 1L, Long::sum);
            }
        }
        Arrays.sort(nanos);
        return new Figures(samples.size(), errors.values().stream().mapToLong(Long::longValue).sum(), errors,
                elapsed, nanos);
    }

    static void print(PrintStream out, String name, Figures figures, int perRequest) {
        out.printf(Locale.ROOT, "%-20s %8d requests in %5.1f s: %8.1f requests/s (%9.1f items/s), p50 %6.1f ms, "
                        + "p99 %6.1f ms, max %7.1f ms, errors %d%s%n", name, figures.requests(), figures.seconds(),
                figures.perSecond(), figures.perSecond() * perRequest, figures.millisAt(0.5), figures.millisAt(0.99),
                figures.millisAt(1.0), figures.errors(), figures.errors() == 0 ? "" : " " + figures.errorsByStatus()
                        + " (status 0: no answer)");
    }

    private static Options options(String[] args) {
        String url = System.getenv().getOrDefault("RAPPORT_URL", "http://127.0.0.1:8080");
        String key = System.getenv("RAPPORT_API_KEY");
        int clients = 16;
        int seconds = 30;
        int batch = 100;
        int warmup = 60;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--key" -> key = args[i + 1];
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--url, --key, --clients, --seconds, --batch, --warmup)");
            }
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an API key is needed: --key or RAPPORT_API_KEY");
        }
        if (clients < 1 || clients > 1_000 || seconds < 1 || seconds > 3_600 || batch < 1 || batch > 1_000
                || warmup < 0 || warmup > 3_600) {
            throw new IllegalArgumentException("--clients 1-1000, --seconds 1-3600, --batch 1-1000, --warmup 0-3600");
        }
        return new Options(url, key, clients, seconds, batch, warmup);
    }
}
