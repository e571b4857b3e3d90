package io.rapport.relationship.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.mongodb.client.MongoDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.rapport.platform.tenant.ServiceCredential;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import io.rapport.relationship.RelationshipApplication;
import io.rapport.relationship.api.FindImportJobQuery;
import io.rapport.relationship.api.ImportFormat;
import io.rapport.relationship.api.ImportJob;
import io.rapport.relationship.api.StartImportCommand;
import io.rapport.relationship.query.ActiveViews;
import io.rapport.relationship.query.RelationshipViewRebuilder;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.Document;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./rapport bench relationship --online-retail DIR}: the relationship service as a user meets it, on the
 * in-memory embedded store. Imports every Online Retail file through the import job (rows/s), rebuilds every
 * read model from the event store (events/s), then reads random relationship views over gRPC (p50/p99 latency).
 * Prints a table and one JSON line.
 */
public final class RelationshipBenchmark {

    private static final String TENANT = "bench";
    /** The internal service credential of the services this benchmark starts, new each run. */
    private static final String BENCH_TOKEN = "bench-" + UUID.randomUUID();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!options.containsKey("online-retail")) {
            System.out.println("usage: ./rapport bench relationship --online-retail DIR [--reads 10000]");
            System.exit(2);
        }
        run(Path.of(options.get("online-retail")), Integer.parseInt(options.getOrDefault("reads", "10000")), System.out);
        System.exit(0);
    }

    static void run(Path onlineRetail, int reads, PrintStream out) throws Exception {
        Path copies = Files.createTempDirectory("rapport-bench-");
        Map<String, Path> files = new LinkedHashMap<>();
        try (Stream<Path> listed = Files.list(onlineRetail)) {
            for (Path file : listed.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                // The job deletes what it imported: it gets copies.
                files.put(file.getFileName().toString(), Files.copy(file, copies.resolve(file.getFileName())));
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("files", files.size());
        int port = freePort();
        try (ConfigurableApplicationContext app = new SpringApplication(RelationshipApplication.class).run(
                "--rapport.mongodb.embedded=memory", "--spring.grpc.server.port=" + port, "--server.port=0",
                "--logging.level.root=WARN", "--rapport.imports.dir=" + copies,
                "--rapport.internal-token=" + BENCH_TOKEN)) {
            CommandGateway commands = app.getBean(CommandGateway.class);
            QueryGateway queries = app.getBean(QueryGateway.class);

            long started = System.nanoTime();
            ImportJob job = commands.sendAndWait(new StartImportCommand(TENANT, ImportFormat.ONLINE_RETAIL, Map.of(),
                    files));
            while ("RUNNING".equals(job.status())) {
                Thread.sleep(200);
                job = queries.query(new FindImportJobQuery(TENANT, job.id()), ImportJob.class).join();
            }
            double importSeconds = seconds(started);
            if (!"SUCCEEDED".equals(job.status())) {
                throw new IllegalStateException("import failed: " + job.error());
            }
            figures.put("rows", job.rowsRead());
            figures.put("rows_imported", job.rowsImported());
            figures.put("rows_skipped", job.rowsSkipped());
            figures.put("interactions", job.recorded());
            figures.put("import_seconds", round(importSeconds));
            figures.put("import_rows_per_s", Math.round(job.rowsRead() / importSeconds));

            MongoDatabase database = app.getBean(MongoDatabase.class);
            String live = app.getBean(ActiveViews.class).collection();
            List<String> customers = new ArrayList<>();
            database.getCollection(live).find(new Document("tenant", TENANT))
                    .forEach(d -> customers.add(d.getString("customerId")));
            figures.put("customers", customers.size());

            started = System.nanoTime();
            long events = app.getBean(RelationshipViewRebuilder.class).rebuildInto("bench_rebuilt", done -> { }, (event, e) -> { throw e; });
            double rebuildSeconds = seconds(started);
            figures.put("rebuild_events", events);
            figures.put("rebuild_seconds", round(rebuildSeconds));
            figures.put("rebuild_events_per_s", Math.round(events / rebuildSeconds));

            readViews(port, customers, reads, figures);
        } finally {
            // The job deletes the files it read (and their directory); this cleans up after a failed run.
            if (Files.isDirectory(copies)) {
                try (Stream<Path> left = Files.list(copies)) {
                    for (Path path : left.toList()) {
                        Files.deleteIfExists(path);
                    }
                }
                Files.deleteIfExists(copies);
            }
        }
        print(figures, out);
    }

    private static void readViews(int port, List<String> customers, int reads, Map<String, Object> figures)
            throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .intercept(new ServiceCredential(BENCH_TOKEN).clientInterceptor()).build();
        try {
            Metadata tenant = new Metadata();
            tenant.put(Tenancy.TENANT_KEY, TENANT);
            var stub = RelationshipServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenant));
            Random random = new Random(42);
            for (int i = 0; i < 500; i++) {
                read(stub, customers.get(random.nextInt(customers.size())));
            }
            long[] nanos = new long[reads];
            for (int i = 0; i < reads; i++) {
                long start = System.nanoTime();
                read(stub, customers.get(random.nextInt(customers.size())));
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            figures.put("reads", reads);
            figures.put("read_p50_ms", round(nanos[reads / 2] / 1e6));
            figures.put("read_p99_ms", round(nanos[(int) (reads * 0.99)] / 1e6));
            figures.put("read_max_ms", round(nanos[reads - 1] / 1e6));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void read(RelationshipServiceGrpc.RelationshipServiceBlockingStub stub, String customerId) {
        stub.withDeadlineAfter(Duration.ofSeconds(10))
                .getRelationship(GetRelationshipRequest.newBuilder().setCustomerId(customerId).build());
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static void print(Map<String, Object> figures, PrintStream out) {
        out.printf(Locale.ROOT, "%nOnline Retail: %s files, %s rows (%s imported, %s skipped) -> %s interactions, "
                        + "%s customers%n", figures.get("files"), figures.get("rows"), figures.get("rows_imported"),
                figures.get("rows_skipped"), figures.get("interactions"), figures.get("customers"));
        out.printf(Locale.ROOT, "  import   %10s rows/s    (%s s)%n", figures.get("import_rows_per_s"),
                figures.get("import_seconds"));
        out.printf(Locale.ROOT, "  rebuild  %10s events/s  (%s events, %s s)%n", figures.get("rebuild_events_per_s"),
                figures.get("rebuild_events"), figures.get("rebuild_seconds"));
        out.printf(Locale.ROOT, "  reads    p50 %s ms, p99 %s ms, max %s ms over %s random views (gRPC)%n",
                figures.get("read_p50_ms"), figures.get("read_p99_ms"), figures.get("read_max_ms"), figures.get("reads"));
        StringBuilder json = new StringBuilder("{");
        figures.forEach((key, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(key)
                .append("\":").append(value));
        out.println(json.append('}'));
    }
}
