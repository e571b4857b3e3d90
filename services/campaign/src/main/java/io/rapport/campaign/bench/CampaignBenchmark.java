package io.rapport.campaign.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.rapport.campaign.CampaignApplication;
import io.rapport.platform.bench.BenchLine;
import io.rapport.platform.tenant.ServiceCredential;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.campaign.v1.Campaign;
import io.rapport.proto.campaign.v1.CampaignDefinition;
import io.rapport.proto.campaign.v1.CampaignSchedule;
import io.rapport.proto.campaign.v1.CampaignServiceGrpc;
import io.rapport.proto.campaign.v1.CreateCampaignRequest;
import io.rapport.proto.campaign.v1.CreateSegmentRequest;
import io.rapport.proto.campaign.v1.EvaluateSegmentRequest;
import io.rapport.proto.campaign.v1.EvaluateSegmentResponse;
import io.rapport.proto.campaign.v1.GetCampaignRequest;
import io.rapport.proto.campaign.v1.GetSegmentRequest;
import io.rapport.proto.campaign.v1.ScheduleCampaignRequest;
import io.rapport.proto.campaign.v1.Variant;
import io.rapport.proto.messaging.v1.MessageChannel;
import io.rapport.proto.messaging.v1.MessageTemplate;
import io.rapport.proto.relationship.v1.GetImportRequest;
import io.rapport.proto.relationship.v1.ImportFormat;
import io.rapport.proto.relationship.v1.ImportJob;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import io.rapport.proto.relationship.v1.StartImportRequest;
import io.rapport.proto.relationship.v1.StartImportResponse;
import io.rapport.proto.relationship.v1.StreamRelationshipsRequest;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./rapport bench campaign [--customers N] [--concurrency N] [--relationship-heap 14g]}: a campaign fanned out
 * to an N-customer segment (1,000,000 by default). The relationship service runs as its own process (in memory,
 * with that heap: a million customers' events and views take about 14 GB there) and gets N customers with a
 * purchase each through a CSV import; the campaign service runs in this JVM (in memory) and sends to the messaging
 * service's gRPC contract answered by a counting sink. Prints the time to evaluate the segment over every customer,
 * the time to work out the campaign's audience, and the send requests per second reaching messaging.
 */
public final class CampaignBenchmark {

    private static final String TENANT = "bench";
    /** The internal service credential of the services this benchmark starts, new each run. */
    private static final String BENCH_TOKEN = "bench-" + UUID.randomUUID();
    private static final int CHUNK_ROWS = 50_000;

    private CampaignBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int customers = 1_000_000;
        int concurrency = 32;
        Path relationshipJar = null;
        String relationshipHeap = "14g";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--customers" -> customers = Integer.parseInt(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--relationship-jar" -> relationshipJar = Path.of(args[i + 1]);
                case "--relationship-heap" -> relationshipHeap = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (relationshipJar == null) {
            throw new IllegalArgumentException("--relationship-jar is required (./rapport bench campaign passes it)");
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("customers", customers);
        figures.put("send_concurrency", concurrency);
        int relationshipPort = freePort();
        Process relationship = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + relationshipHeap, "-jar", relationshipJar.toString(), "--rapport.mongodb.embedded=memory",
                "--spring.grpc.server.port=" + relationshipPort, "--server.port=0", "--logging.level.root=WARN",
                "--rapport.internal-token=" + BENCH_TOKEN)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ManagedChannel relationshipChannel = ManagedChannelBuilder.forAddress("127.0.0.1", relationshipPort)
                .usePlaintext().maxInboundMessageSize(64 << 20)
                .intercept(new ServiceCredential(BENCH_TOKEN).clientInterceptor()).build();
        try (MessagingSink sink = new MessagingSink()) {
            awaitServing(relationshipChannel);
            long started = System.nanoTime();
            ImportJob job = importCustomers(relationshipChannel, customers);
            figures.put("import_seconds", round(seconds(started)));
            figures.put("import_rows", job.getRowsImported());
            awaitView(relationshipChannel, customers);
            figures.put("views_ready_seconds", round(seconds(started)));

            int campaignPort = freePort();
            ConfigurableApplicationContext app = new SpringApplication(CampaignApplication.class).run(
                    "--rapport.mongodb.embedded=memory", "--spring.grpc.server.port=" + campaignPort,
                    "--server.port=0", "--logging.level.root=WARN", "--rapport.internal-token=" + BENCH_TOKEN,
                    "--spring.grpc.client.channel.relationship.target=static://127.0.0.1:" + relationshipPort,
                    "--spring.grpc.client.channel.messaging.target=static://127.0.0.1:" + sink.port(),
                    "--rapport.campaigns.send-concurrency=" + concurrency, "--rapport.campaigns.poll-interval=200ms");
            ManagedChannel campaignChannel = ManagedChannelBuilder.forAddress("127.0.0.1", campaignPort)
                    .usePlaintext().intercept(new ServiceCredential(BENCH_TOKEN).clientInterceptor()).build();
            try {
                run(Tenancy.callingAs(CampaignServiceGrpc.newBlockingStub(campaignChannel), TENANT), customers,
                        sink, figures);
            } finally {
                campaignChannel.shutdownNow();
                app.close();
            }
        } finally {
            relationshipChannel.shutdownNow();
            relationship.destroy();
            relationship.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println();
        figures.forEach((name, value) -> System.out.printf(Locale.ROOT, "%-28s %s%n", name, value));
        System.out.println(BenchLine.of("campaign", figures));
    }

    private static void run(CampaignServiceGrpc.CampaignServiceBlockingStub campaigns, int customers,
                            MessagingSink sink, Map<String, Object> figures) throws InterruptedException {
        campaigns.createSegment(CreateSegmentRequest.newBuilder().setSegmentId("buyers").setName("Buyers")
                .setRule("order_count >= 1 and spend.EUR > 0").build());
        EvaluateSegmentResponse evaluated = campaigns.withDeadlineAfter(Duration.ofMinutes(30))
                .evaluateSegment(EvaluateSegmentRequest.newBuilder().setSegmentId("buyers").setSampleSize(0).build());
        figures.put("segment_members", evaluated.getMembers());
        figures.put("segment_evaluate_seconds", round(evaluated.getSeconds()));
        figures.put("segment_evaluate_per_s", Math.round(evaluated.getCustomers() / evaluated.getSeconds()));
        long backfill = System.nanoTime();
        while (campaigns.getSegment(GetSegmentRequest.newBuilder().setSegmentId("buyers").build()).getSegment()
                .getMemberCount() < customers) {
            Thread.sleep(500);
        }
        figures.put("segment_backfill_seconds", round(seconds(backfill)));

        MessageTemplate template = MessageTemplate.newBuilder().setSubject("Spring for {{ customer_first_name }}")
                .setBody("Hello {{ customer_first_name }}, spring is here.").build();
        campaigns.createCampaign(CreateCampaignRequest.newBuilder().setCampaignId("spring").setDefinition(
                CampaignDefinition.newBuilder().setName("Spring").setSegmentId("buyers").setControlPercent(10)
                        .setChannel(MessageChannel.MESSAGE_CHANNEL_EMAIL)
                        .setSchedule(CampaignSchedule.newBuilder().setKind(CampaignSchedule.Kind.KIND_NOW))
                        .addVariants(Variant.newBuilder().setVariantId("a").setWeight(1)
                                .putTemplates("email", template))
                        .addVariants(Variant.newBuilder().setVariantId("b").setWeight(1).putTemplates("email",
                                template.toBuilder().setSubject("Spring is here").build())))
                .build());
        long started = System.nanoTime();
        campaigns.scheduleCampaign(ScheduleCampaignRequest.newBuilder().setCampaignId("spring").build());
        Campaign campaign;
        do {
            Thread.sleep(500);
            campaign = campaigns.getCampaign(GetCampaignRequest.newBuilder().setCampaignId("spring").build())
                    .getCampaign();
        } while (!campaign.getStatus().equals("COMPLETED") && !campaign.getStatus().equals("CANCELLED"));
        figures.put("campaign_status", campaign.getStatus());
        figures.put("campaign_seconds", round(seconds(started)));
        figures.put("audience", campaign.getAudience());
        figures.put("control", campaign.getControl());
        figures.put("audience_seconds", round(campaign.getAudienceSeconds()));
        figures.put("send_requests", sink.requests());
        figures.put("send_seconds", round(sink.seconds()));
        figures.put("send_requests_per_s", Math.round(sink.requests() / sink.seconds()));
        Runtime runtime = Runtime.getRuntime();
        figures.put("campaign_jvm_heap_used_mb", (runtime.totalMemory() - runtime.freeMemory()) >> 20);
    }

    /** N customers, one purchase each, as a CSV import streamed to the relationship service. */
    private static ImportJob importCustomers(ManagedChannel channel, int customers) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        StartImportResponse[] response = new StartImportResponse[1];
        Throwable[] failure = new Throwable[1];
        StreamObserver<StartImportRequest> upload = Tenancy.callingAs(RelationshipServiceGrpc.newStub(channel), TENANT)
                .startImport(new StreamObserver<>() {
                    @Override
                    public void onNext(StartImportResponse value) {
                        response[0] = value;
                    }

                    @Override
                    public void onError(Throwable t) {
                        failure[0] = t;
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        upload.onNext(StartImportRequest.newBuilder().setSettings(StartImportRequest.Settings.newBuilder()
                .setFormat(ImportFormat.IMPORT_FORMAT_CSV).putAllMapping(Map.of("customerId", "customer",
                        "eventId", "order", "occurredAt", "at", "amount", "amount", "kind", "=PURCHASE",
                        "channel", "=STORE", "direction", "=INBOUND", "currency", "=EUR"))).build());
        StringBuilder csv = new StringBuilder("customer,order,at,amount\n");
        for (int i = 0; i < customers; i++) {
            csv.append(customerId(i)).append(",o-").append(i).append(",2026-0").append(1 + i % 9)
                    .append("-15T12:00:00Z,").append(5 + i % 200).append(".00\n");
            if ((i + 1) % CHUNK_ROWS == 0 || i == customers - 1) {
                upload.onNext(StartImportRequest.newBuilder().setChunk(StartImportRequest.FileChunk.newBuilder()
                        .setFileName("customers.csv").setData(ByteString.copyFrom(csv.toString(),
                                StandardCharsets.UTF_8))).build());
                csv.setLength(0);
            }
        }
        upload.onCompleted();
        done.await();
        if (failure[0] != null) {
            throw new IllegalStateException("the import was refused", failure[0]);
        }
        var jobs = Tenancy.callingAs(RelationshipServiceGrpc.newBlockingStub(channel), TENANT);
        ImportJob job = response[0].getJob();
        while (job.getStatus() == ImportJob.Status.STATUS_RUNNING) {
            Thread.sleep(500);
            job = jobs.getImport(GetImportRequest.newBuilder().setId(job.getId()).build()).getJob();
        }
        if (job.getStatus() != ImportJob.Status.STATUS_SUCCEEDED) {
            throw new IllegalStateException("the import failed: " + job.getError());
        }
        return job;
    }

    /**
     * Views follow the events: the last customer's stored view is there once every view before it is. Streams read
     * the stored views (a single customer's read would fold what its view lacks from the store).
     */
    private static void awaitView(ManagedChannel channel, int customers) throws InterruptedException {
        var relationships = Tenancy.callingAs(RelationshipServiceGrpc.newBlockingStub(channel), TENANT);
        StreamRelationshipsRequest last = StreamRelationshipsRequest.newBuilder()
                .setAfterCustomerId(customerId(customers - 2)).build();
        while (!relationships.streamRelationships(last).hasNext()) {
            Thread.sleep(500);
        }
    }

    private static void awaitServing(ManagedChannel channel) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try {
                if (HealthGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(5))
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus()
                        == HealthCheckResponse.ServingStatus.SERVING) {
                    return;
                }
            } catch (StatusRuntimeException e) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the relationship service did not start");
    }

    private static String customerId(int i) {
        return String.format(Locale.ROOT, "c%07d", i);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
