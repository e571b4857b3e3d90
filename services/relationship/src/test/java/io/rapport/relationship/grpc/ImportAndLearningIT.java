package io.rapport.relationship.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.rapport.proto.relationship.v1.ChangeConsentRequest;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.Direction;
import io.rapport.proto.relationship.v1.FitPurchaseModelRequest;
import io.rapport.proto.relationship.v1.GetImportRequest;
import io.rapport.proto.relationship.v1.GetPurchaseModelFitRequest;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.GetTimelineRequest;
import io.rapport.proto.relationship.v1.GetTimelineResponse;
import io.rapport.proto.relationship.v1.ImportFormat;
import io.rapport.proto.relationship.v1.ImportJob;
import io.rapport.proto.relationship.v1.Interaction;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.ListImportsRequest;
import io.rapport.proto.relationship.v1.ListImportsResponse;
import io.rapport.proto.relationship.v1.ListPurchaseModelFitsRequest;
import io.rapport.proto.relationship.v1.ListPurchaseModelFitsResponse;
import io.rapport.proto.relationship.v1.ListRelationshipsRequest;
import io.rapport.proto.relationship.v1.PurchaseModelFit;
import io.rapport.proto.relationship.v1.RecordInteractionsRequest;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import io.rapport.proto.relationship.v1.Stage;
import io.rapport.proto.relationship.v1.StartImportRequest;
import io.rapport.proto.relationship.v1.StartImportResponse;
import io.rapport.proto.relationship.v1.TimelineEntry;
import io.rapport.relationship.query.PurchaseModelFits;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Bulk imports, the purchase models learned from them, and the timeline, over real gRPC. */
class ImportAndLearningIT extends RelationshipServiceSupport {

    @Autowired
    PurchaseModelFits fits;

    private static final Instant CALIBRATION_END = Instant.parse("1997-09-30T00:00:00Z");

    private ImportJob upload(String tenant, ImportFormat format, Map<String, String> mapping,
                             Map<String, byte[]> files) throws Exception {
        CompletableFuture<ImportJob> started = new CompletableFuture<>();
        StreamObserver<StartImportRequest> requests = RelationshipServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenantHeader(tenant)))
                .withDeadlineAfter(Duration.ofSeconds(60))
                .startImport(new StreamObserver<>() {
                    @Override
                    public void onNext(StartImportResponse response) {
                        started.complete(response.getJob());
                    }

                    @Override
                    public void onError(Throwable t) {
                        started.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(StartImportRequest.newBuilder().setSettings(StartImportRequest.Settings.newBuilder()
                .setFormat(format).putAllMapping(mapping)).build());
        for (var file : files.entrySet()) {
            byte[] bytes = file.getValue();
            for (int from = 0; from < bytes.length; from += 16_384) {
                requests.onNext(StartImportRequest.newBuilder().setChunk(StartImportRequest.FileChunk.newBuilder()
                        .setFileName(file.getKey())
                        .setData(ByteString.copyFrom(bytes, from, Math.min(16_384, bytes.length - from)))).build());
            }
        }
        requests.onCompleted();
        try {
            return started.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private ImportJob awaitImport(String tenant, String id) {
        return Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> client(tenant).getImport(GetImportRequest.newBuilder().setId(id).build()).getJob(),
                        job -> job.getStatus() != ImportJob.Status.STATUS_RUNNING);
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = ImportAndLearningIT.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    /** Fits once the views hold every imported customer (they follow the event store within moments). */
    private PurchaseModelFit fitWhenAllCustomersAreIn(String tenant, Instant asOf, int customers) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> client(tenant).fitPurchaseModel(FitPurchaseModelRequest.newBuilder()
                        .setAsOfTime(ProtoMapping.timestamp(asOf)).build()).getFit(), fit -> fit.getCustomers() >= customers);
    }

    @Test
    void theCdnowSampleImportedOnceAndFittedReproducesThePublishedModels() throws Exception {
        byte[] sample = resource("/cdnow/CDNOW_sample.txt");
        ImportJob first = awaitImport("cdnow", upload("cdnow", ImportFormat.IMPORT_FORMAT_CDNOW, Map.of(),
                Map.of("CDNOW_sample.txt", sample)).getId());
        assertThat(first.getStatus()).isEqualTo(ImportJob.Status.STATUS_SUCCEEDED);
        assertThat(first.getRowsRead()).isEqualTo(6_919);
        assertThat(first.getRowsImported()).isEqualTo(6_919);
        assertThat(first.getRecorded()).isEqualTo(6_919);
        assertThat(first.getBytesRead()).isEqualTo(sample.length);

        ImportJob again = awaitImport("cdnow", upload("cdnow", ImportFormat.IMPORT_FORMAT_CDNOW, Map.of(),
                Map.of("CDNOW_sample.txt", sample)).getId());
        assertThat(again.getRecorded()).as("importing the same file twice changes nothing").isZero();
        assertThat(again.getDuplicates()).isEqualTo(6_919);

        // Purchases up to 1997-09-30 only: the calibration period of Fader, Hardie and Lee (2005).
        PurchaseModelFit fit = fitWhenAllCustomersAreIn("cdnow", CALIBRATION_END, 2_357);
        assertThat(fit.getCustomers()).isEqualTo(2_357);
        assertThat(fit.getR()).isCloseTo(0.243, withPercentage(1));
        assertThat(fit.getAlpha()).isCloseTo(4.414, withPercentage(1));
        assertThat(fit.getA()).isCloseTo(0.793, withPercentage(1));
        assertThat(fit.getB()).isCloseTo(2.426, withPercentage(1));
        assertThat(fit.getLogLikelihood()).isCloseTo(-9582.4, withPercentage(0.01));
        assertThat(fit.getP()).isCloseTo(6.25, withPercentage(1));
        assertThat(fit.getQ()).isCloseTo(3.74, withPercentage(1));
        assertThat(fit.getGamma()).isCloseTo(15.44, withPercentage(1));
        assertThat(fit.getCurrency()).isEqualTo("USD");
        assertThat(client("cdnow").getPurchaseModelFit(GetPurchaseModelFitRequest.getDefaultInstance()).getFit().getId())
                .isEqualTo(fit.getId());

        // The scheduled refit fits every workspace again on everything known now, and records it as the latest.
        fits.refitAll();
        PurchaseModelFit scheduled = client("cdnow").getPurchaseModelFit(GetPurchaseModelFitRequest.getDefaultInstance())
                .getFit();
        assertThat(scheduled.getId()).isNotEqualTo(fit.getId());
        assertThat(ProtoMapping.instant(scheduled.getAsOfTime())).isAfter(Instant.now().minusSeconds(600));
        assertThat(client("cdnow").getPurchaseModelFit(GetPurchaseModelFitRequest.newBuilder()
                .setAsOfTime(ProtoMapping.timestamp(CALIBRATION_END)).build()).getFit().getId())
                .as("the latest fit on data up to the cut-off is still the calibration fit").isEqualTo(fit.getId());

        // Every fit is kept: listed newest first, each readable by id, by its own workspace only.
        List<PurchaseModelFit> listed = new ArrayList<>();
        String token = "";
        do {
            ListPurchaseModelFitsResponse page = client("cdnow").listPurchaseModelFits(
                    ListPurchaseModelFitsRequest.newBuilder().setPageSize(1).setPageToken(token).build());
            assertThat(page.getFitsCount()).isLessThanOrEqualTo(1);
            listed.addAll(page.getFitsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(listed).extracting(PurchaseModelFit::getId).doesNotHaveDuplicates().contains(fit.getId())
                .first().isEqualTo(scheduled.getId());
        assertThat(listed).extracting(f -> ProtoMapping.instant(f.getFitTime()))
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(client("cdnow").getPurchaseModelFit(GetPurchaseModelFitRequest.newBuilder().setId(fit.getId())
                .build()).getFit().getR()).isEqualTo(fit.getR());
        assertThatThrownBy(() -> client("retail").getPurchaseModelFit(GetPurchaseModelFitRequest.newBuilder()
                .setId(fit.getId()).build())).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> client("cdnow").getPurchaseModelFit(GetPurchaseModelFitRequest.newBuilder()
                .setId(fit.getId()).setAsOfTime(ProtoMapping.timestamp(CALIBRATION_END)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

        // Customer 00004 as of the cut-off: scored by that fit; now, past the cut-off, by the same latest fit.
        Relationship asOf = client("cdnow").getRelationship(GetRelationshipRequest.newBuilder().setCustomerId("00004")
                .setAsOfTime(ProtoMapping.timestamp(CALIBRATION_END)).setHorizonDays(273).build()).getRelationship();
        assertThat(asOf.getOrderCount()).as("purchases up to the cut-off").isEqualTo(3);
        assertThat(asOf.getPrediction().getFitId()).isEqualTo(fit.getId());
        assertThat(asOf.getPrediction().getProbabilityAlive()).isBetween(0.0, 1.0);
        assertThat(asOf.getPrediction().getExpectedPurchases()).isPositive();
        assertThat(asOf.getPrediction().getExpectedValue()).isCloseTo(
                asOf.getPrediction().getExpectedPurchases() * asOf.getPrediction().getExpectedAverageSpend(),
                withPercentage(0.001));
        assertThat(asOf.getStage()).isNotEqualTo(Stage.STAGE_UNSPECIFIED);
        assertThat(client("cdnow").getRelationship(GetRelationshipRequest.newBuilder().setCustomerId("00004")
                .setAsOfTime(ProtoMapping.timestamp(Instant.parse("1997-06-01T00:00:00Z"))).build())
                .getRelationship().hasPrediction()).as("no fit was made on data that early").isFalse();
    }

    @Test
    void onlineRetailInvoicesBecomePurchasesAndReturnsAndRowsWithoutACustomerAreReported() throws Exception {
        String csv = """
                InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
                536365,85123A,"WHITE HANGING HEART T-LIGHT HOLDER",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
                536365,71053,"METAL LANTERN, WHITE",2,2010-12-01 08:26:00,3.50,17850.0,United Kingdom
                536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,,United Kingdom
                C536379,D,Discount,-1,2010-12-01 09:41:00,27.50,17850.0,United Kingdom
                536380,B,Bad debt,1,2010-12-01 09:45:00,-11062.06,17851.0,United Kingdom
                """;
        ImportJob job = awaitImport("retail", upload("retail", ImportFormat.IMPORT_FORMAT_ONLINE_RETAIL, Map.of(),
                Map.of("2010-12-01.csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8))).getId());

        assertThat(job.getStatus()).isEqualTo(ImportJob.Status.STATUS_SUCCEEDED);
        assertThat(job.getRowsRead()).isEqualTo(5);
        assertThat(job.getRowsImported()).isEqualTo(3);
        assertThat(job.getRecorded()).as("one purchase, one return").isEqualTo(2);
        assertThat(job.getSkipReasonsList()).extracting(ImportJob.SkipReason::getReason, ImportJob.SkipReason::getRows)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("no customer id", 1L),
                        org.assertj.core.groups.Tuple.tuple("negative unit price", 1L));
        assertThat(job.getSkipExamplesList()).contains("2010-12-01.csv:4: no customer id");

        Relationship customer = awaitRelationship("retail", "17850", 3);
        assertThat(customer.getOrderCount()).isEqualTo(1);
        assertThat(customer.getSpendList()).singleElement()
                .satisfies(s -> assertThat(s.getAmount()).isEqualTo("-5.20"));
        assertThat(customer.getAverageOrderValueList()).singleElement()
                .satisfies(s -> assertThat(s.getAmount()).isEqualTo("22.30"));
    }

    @Test
    void aCustomerFileIsUpsertedRowByRowAndImportingItAgainChangesNothing() throws Exception {
        byte[] file = ("id,email,firstName,attributes.tier,consent.email.marketing,consentSource\n"
                + "cf-ada,ada@example.com,Ada,gold,yes,newsletter-form\n"
                + ",bob@example.com,Bob,,no,\n"
                + "cf-cy,ada@example.com,Cy,,,\n"
                + "cf-dee,not-an-address,Dee,,,\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ImportJob job = awaitImport("customers", upload("customers", ImportFormat.IMPORT_FORMAT_CUSTOMERS, Map.of(),
                Map.of("crm.csv", file)).getId());
        assertThat(job.getStatus()).as(job.toString()).isEqualTo(ImportJob.Status.STATUS_SUCCEEDED);
        assertThat(job.getRowsRead()).isEqualTo(4);
        assertThat(job.getRowsImported()).isEqualTo(2);
        assertThat(job.getRecorded()).isEqualTo(2);
        assertThat(job.getSkipExamplesList()).containsExactly(
                "crm.csv:5: email: not a valid EMAIL identifier (an e-mail address)",
                "crm.csv:4: " + "EMAIL identifier is already held by customer 'cf-ada' of this workspace; merge the "
                        + "customers if they are one person");
        Relationship ada = awaitRelationship("customers", "cf-ada", 3);
        assertThat(ada.getProfile().getAttributesMap()).containsEntry("tier", "gold");
        assertThat(ada.getConsentsList()).singleElement().satisfies(c -> {
            assertThat(c.getGranted()).isTrue();
            assertThat(c.getSource()).isEqualTo("newsletter-form");
        });
        String bob = io.rapport.relationship.api.Identifier.of(io.rapport.relationship.api.IdentifierType.EMAIL,
                "bob@example.com").newCustomerId();
        assertThat(awaitRelationship("customers", bob, 3).getProfile().getFirstName()).isEqualTo("Bob");

        ImportJob again = awaitImport("customers", upload("customers", ImportFormat.IMPORT_FORMAT_CUSTOMERS, Map.of(),
                Map.of("crm.csv", file)).getId());
        assertThat(again.getRecorded()).isZero();
        assertThat(again.getDuplicates()).isEqualTo(2);
    }

    @Test
    void aWorkspacesImportsAreListedNewestFirstAPageAtATime() throws Exception {
        List<String> started = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String line = "{\"customerId\":\"li-" + i + "\",\"eventId\":\"li-" + i + "\",\"channel\":\"WEB\","
                    + "\"kind\":\"VISIT\",\"occurredAt\":\"2026-02-01T10:00:00Z\"}\n";
            started.add(awaitImport("listed", upload("listed", ImportFormat.IMPORT_FORMAT_NDJSON, Map.of(),
                    Map.of("day-" + i + ".ndjson", line.getBytes(java.nio.charset.StandardCharsets.UTF_8))).getId())
                    .getId());
        }
        ListImportsResponse first = client("listed").listImports(ListImportsRequest.newBuilder().setPageSize(2)
                .build());
        assertThat(first.getJobsList()).extracting(ImportJob::getId).containsExactly(started.get(2), started.get(1));
        assertThat(first.getJobs(0).getFilesList()).containsExactly("day-3.ndjson");
        assertThat(first.getJobs(0).getStatus()).isEqualTo(ImportJob.Status.STATUS_SUCCEEDED);
        ListImportsResponse second = client("listed").listImports(ListImportsRequest.newBuilder().setPageSize(2)
                .setPageToken(first.getNextPageToken()).build());
        assertThat(second.getJobsList()).extracting(ImportJob::getId).containsExactly(started.get(0));
        assertThat(second.getNextPageToken()).isEmpty();
        assertThat(client("not-listed").listImports(ListImportsRequest.getDefaultInstance()).getJobsList()).isEmpty();

        awaitStoredView("listed", "li-1", 1);
        awaitStoredView("listed", "li-2", 1);
        String customersToken = client("listed").listRelationships(ListRelationshipsRequest.newBuilder()
                .setPageSize(1).build()).getNextPageToken();
        for (ListImportsRequest bad : List.of(ListImportsRequest.newBuilder().setPageSize(101).build(),
                ListImportsRequest.newBuilder().setPageToken("garbage").build(),
                ListImportsRequest.newBuilder().setPageToken(customersToken).build())) {
            assertThatThrownBy(() -> client("listed").listImports(bad))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription())
                                .containsAnyOf("limit", "not a cursor from this list");
                    });
        }
    }

    @Test
    void aFileThatIsNotInTheFormatIsRefusedBeforeAnythingIsImported() {
        assertThatThrownBy(() -> upload("retail", ImportFormat.IMPORT_FORMAT_ONLINE_RETAIL, Map.of(),
                Map.of("wrong.csv", "a,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("wrong.csv").contains("InvoiceNo");
                });
        assertThatThrownBy(() -> upload("csv", ImportFormat.IMPORT_FORMAT_CSV, Map.of("customerId", "Who"),
                Map.of("x.csv", "Who,When\nada,2026-01-01\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getDescription()).contains("mapping must give"));
    }

    @Test
    void theTimelineIsPagedNewestFirstAndFiltered() throws Exception {
        RecordInteractionsRequest.Builder batch = RecordInteractionsRequest.newBuilder();
        Instant start = Instant.parse("2026-03-01T10:00:00Z");
        for (int i = 0; i < 7; i++) {
            batch.addInteractions(Interaction.newBuilder().setCustomerId("tl").setEventId("e" + i)
                    .setChannel(i % 2 == 0 ? Channel.CHANNEL_EMAIL : Channel.CHANNEL_SMS)
                    .setDirection(Direction.DIRECTION_INBOUND)
                    .setKind(i % 3 == 0 ? InteractionKind.INTERACTION_KIND_CLICK : InteractionKind.INTERACTION_KIND_OPEN)
                    .setOccurTime(ProtoMapping.timestamp(start.plusSeconds(3_600L * i))));
        }
        client("timeline").recordInteractions(batch.build());
        client("timeline").changeConsent(ChangeConsentRequest.newBuilder().setCustomerId("tl")
                .setChannel(Channel.CHANNEL_EMAIL).setPurpose("marketing").setGranted(true).setSource("form")
                .setChangeTime(ProtoMapping.timestamp(start.plusSeconds(60))).build());

        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            GetTimelineResponse page = client("timeline").getTimeline(GetTimelineRequest.newBuilder()
                    .setCustomerId("tl").setPageSize(3).setPageToken(token).build());
            page.getEntriesList().forEach(e -> seen.add(e.getType() == TimelineEntry.Type.TYPE_INTERACTION
                    ? e.getInteraction().getEventId() : e.getType().name()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(3);
        // Registration happened when recorded (now); the interactions and consent when they say.
        assertThat(seen).containsExactly("TYPE_REGISTERED", "e6", "e5", "e4", "e3", "e2", "e1",
                "TYPE_CONSENT_CHANGED", "e0");

        GetTimelineResponse emailClicks = client("timeline").getTimeline(GetTimelineRequest.newBuilder()
                .setCustomerId("tl").addChannels(Channel.CHANNEL_EMAIL).addKinds(InteractionKind.INTERACTION_KIND_CLICK)
                .setStartTime(ProtoMapping.timestamp(start.plusSeconds(1))).build());
        assertThat(emailClicks.getEntriesList()).extracting(e -> e.getInteraction().getEventId()).containsExactly("e6");
        assertThat(emailClicks.getNextPageToken()).isEmpty();

        assertThatThrownBy(() -> client("timeline").getTimeline(GetTimelineRequest.newBuilder().setCustomerId("tl")
                .setPageToken("not-a-token").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> client("timeline").getTimeline(GetTimelineRequest.newBuilder().setCustomerId("nobody")
                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
}
