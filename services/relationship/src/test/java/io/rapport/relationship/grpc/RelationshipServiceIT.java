package io.rapport.relationship.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.Sorts;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.rapport.platform.testing.TestCredential;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.CustomerProfile;
import io.rapport.proto.relationship.v1.Direction;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.GetReplayRequest;
import io.rapport.proto.relationship.v1.Interaction;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.ListRelationshipsRequest;
import io.rapport.proto.relationship.v1.ListRelationshipsResponse;
import io.rapport.proto.relationship.v1.MergeCustomersRequest;
import io.rapport.proto.relationship.v1.RecordInteractionsRequest;
import io.rapport.proto.relationship.v1.RecordInteractionsResponse;
import io.rapport.proto.relationship.v1.RegisterCustomerRequest;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import io.rapport.proto.relationship.v1.ReplayJob;
import io.rapport.proto.relationship.v1.ScoreSentimentRequest;
import io.rapport.proto.relationship.v1.StartReplayRequest;
import io.rapport.proto.relationship.v1.StreamRelationshipsRequest;
import io.rapport.proto.relationship.v1.WatchChangesRequest;
import io.rapport.relationship.query.RelationshipViewRebuilder;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RelationshipServiceIT extends RelationshipServiceSupport {

    @Autowired
    RelationshipViewRebuilder rebuilder;

    @Autowired
    EventProcessingConfiguration processing;

    private static Interaction.Builder purchase(String customer, String eventId, String amount) {
        return Interaction.newBuilder().setCustomerId(customer).setEventId(eventId)
                .setChannel(Channel.CHANNEL_STORE).setDirection(Direction.DIRECTION_INBOUND)
                .setKind(InteractionKind.INTERACTION_KIND_PURCHASE)
                .setOccurTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_767_000_000L))
                .setAmount(amount).setCurrency("EUR");
    }

    @Test
    void aCustomerReadsAsTheirLastCommandLeftThemEvenBeforeTheViewsHaveFoldedIt() throws Exception {
        client("ryw").registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("known")
                .setProfile(CustomerProfile.newBuilder().setFirstName("Kim")).build());
        awaitStoredView("ryw", "known", 1);
        TrackingEventProcessor views = processing.eventProcessor("relationship-views", TrackingEventProcessor.class)
                .orElseThrow();
        views.shutDown();
        try {
            client("ryw").registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("new")
                    .setProfile(CustomerProfile.newBuilder().setEmail("new@example.com")).build());
            Relationship created = client("ryw").getRelationship(GetRelationshipRequest.newBuilder()
                    .setCustomerId("new").build()).getRelationship();
            assertThat(created.getProfile().getEmail()).as("no view yet: folded from the store")
                    .isEqualTo("new@example.com");

            client("ryw").recordInteractions(RecordInteractionsRequest.newBuilder()
                    .addInteractions(purchase("known", "k-1", "4.00")).addInteractions(purchase("known", "k-2", "6.00"))
                    .build());
            Relationship behind = client("ryw").getRelationship(GetRelationshipRequest.newBuilder()
                    .setCustomerId("known").build()).getRelationship();
            assertThat(behind.getVersion()).as("the stored view and the two events it has not folded").isEqualTo(3);
            assertThat(behind.getProfile().getFirstName()).isEqualTo("Kim");
            assertThat(behind.getSpend(0).getAmount()).isEqualTo("10.00");

            client("ryw").mergeCustomers(MergeCustomersRequest.newBuilder().setSurvivorCustomerId("known")
                    .setMergedCustomerId("new").build());
            Relationship merged = client("ryw").getRelationship(GetRelationshipRequest.newBuilder()
                    .setCustomerId("known").build()).getRelationship();
            assertThat(merged.getMergedCustomerIdsList()).containsExactly("new");
            assertThatThrownBy(() -> client("ryw").getRelationship(GetRelationshipRequest.newBuilder()
                    .setCustomerId("nobody").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
            assertThat(database.getCollection(activeViews.collection()).find(new Document("_id", "ryw/new")).first())
                    .as("the reads wrote nothing").isNull();
        } finally {
            views.start();
        }
        awaitStoredView("ryw", "known", 4);
        assertThat(withoutReadTime(client("ryw").getRelationship(GetRelationshipRequest.newBuilder()
                .setCustomerId("known").build()).getRelationship()).getMergedCustomerIdsList()).containsExactly("new");
    }

    @Test
    void aRegisteredCustomersInteractionsMakeTheirRelationship() throws Exception {
        client("acme").registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("ada")
                .setProfile(CustomerProfile.newBuilder().setFirstName("Ada").setEmail("ada@example.com")).build());
        RecordInteractionsResponse recorded = client("acme").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("ada", "o-1", "20.00"))
                .addInteractions(purchase("grace", "o-2", "5.00"))
                .addInteractions(purchase("ada", "o-3", "2.50"))
                .addInteractions(purchase("ada", "o-1", "20.00"))
                .build());

        assertThat(recorded.getResultsList()).extracting(RecordInteractionsResponse.Result::getOutcome).containsExactly(
                RecordInteractionsResponse.Outcome.OUTCOME_RECORDED, RecordInteractionsResponse.Outcome.OUTCOME_RECORDED,
                RecordInteractionsResponse.Outcome.OUTCOME_RECORDED, RecordInteractionsResponse.Outcome.OUTCOME_DUPLICATE);
        Relationship ada = awaitRelationship("acme", "ada", 4);
        assertThat(ada.getProfile().getFirstName()).isEqualTo("Ada");
        assertThat(ada.getOrderCount()).isEqualTo(2);
        assertThat(ada.getSpend(0).getAmount()).isEqualTo("22.50");
        assertThat(ada.getLastPurchaseTime().getSeconds()).isEqualTo(1_767_000_000L);
        assertThat(awaitRelationship("acme", "grace", 2).getInteractionCount()).isEqualTo(1);

        client("acme").recordInteractions(RecordInteractionsRequest.newBuilder().addInteractions(Interaction.newBuilder()
                .setCustomerId("ada").setEventId("post-1").setChannel(Channel.CHANNEL_SOCIAL)
                .setDirection(Direction.DIRECTION_INBOUND).setKind(InteractionKind.INTERACTION_KIND_COMPLAINT)
                .setOccurTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_767_100_000L))
                .setContent("Still no refund. This is terrible and I am very angry!")).build());
        Interaction post = awaitRelationship("acme", "ada", 5).getRecentInteractionsList().stream()
                .filter(i -> i.getEventId().equals("post-1")).findFirst().orElseThrow();
        assertThat(post.getSentiment().getCompound()).isLessThan(-0.5);
        assertThat(post.getSentiment().getNegative()).isGreaterThan(post.getSentiment().getPositive());
        assertThat(client("acme").scoreSentiment(ScoreSentimentRequest.newBuilder()
                .setText("Still no refund. This is terrible and I am very angry!").build()).getScore())
                .as("the same score as the recorded interaction's").isEqualTo(post.getSentiment());
        assertThat(client("acme").scoreSentiment(ScoreSentimentRequest.newBuilder()
                .setText("Thank you, that is wonderful!").build()).getScore().getCompound()).isGreaterThan(0.5);
        assertThatThrownBy(() -> client("acme").scoreSentiment(ScoreSentimentRequest.newBuilder()
                .setText("x".repeat(10_001)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

        assertThatThrownBy(() -> client("other-workspace").getRelationship(
                GetRelationshipRequest.newBuilder().setCustomerId("ada").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> client("acme").registerCustomer(
                RegisterCustomerRequest.newBuilder().setCustomerId("ada").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
    }

    @Test
    void theViewAsOfAPastTimeFoldsOnlyWhatHadHappenedOrWasKnownThen() throws Exception {
        RecordInteractionsRequest.Builder history = RecordInteractionsRequest.newBuilder();
        for (int day = 1; day <= 4; day++) {
            history.addInteractions(purchase("tt", "day-" + day, day + ".00")
                    .setOccurTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_700_000_000L + day * 86_400L)));
        }
        client("acme").recordInteractions(history.build());
        Instant between = Instant.now();
        Thread.sleep(20);
        client("acme").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("tt", "late", "100.00")).build());
        awaitRelationship("acme", "tt", 6);

        Relationship asOfDay2 = client("acme").getRelationship(GetRelationshipRequest.newBuilder().setCustomerId("tt")
                .setAsOfTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_700_000_000L + 2 * 86_400L))
                .build()).getRelationship();
        assertThat(asOfDay2.getOrderCount()).isEqualTo(2);
        assertThat(asOfDay2.getSpend(0).getAmount()).isEqualTo("3.00");

        Relationship knownBefore = client("acme").getRelationship(GetRelationshipRequest.newBuilder()
                .setCustomerId("tt").setKnownTime(ProtoMapping.timestamp(between)).build()).getRelationship();
        assertThat(knownBefore.getOrderCount()).as("the late purchase was not known yet").isEqualTo(4);
        assertThat(knownBefore.getSpend(0).getAmount()).isEqualTo("10.00");

        Relationship now = awaitRelationship("acme", "tt", 6);
        Relationship allKnown = client("acme").getRelationship(GetRelationshipRequest.newBuilder().setCustomerId("tt")
                .setKnownTime(ProtoMapping.timestamp(Instant.now())).build()).getRelationship();
        assertThat(withoutReadTime(allKnown).toBuilder().clearRegisterTime().build())
                .as("folding everything gives the live view")
                .isEqualTo(withoutReadTime(now).toBuilder().clearRegisterTime().build());
        assertThatThrownBy(() -> client("acme").getRelationship(GetRelationshipRequest.newBuilder().setCustomerId("tt")
                .setKnownTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_000)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void theConsentLedgerAnswersForAnyTime() {
        com.google.protobuf.Timestamp monday = com.google.protobuf.Timestamp.newBuilder().setSeconds(1_767_000_000L).build();
        com.google.protobuf.Timestamp wednesday = com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(1_767_000_000L + 2 * 86_400L).build();
        var grant = io.rapport.proto.relationship.v1.ChangeConsentRequest.newBuilder().setCustomerId("cora")
                .setChannel(Channel.CHANNEL_EMAIL).setPurpose("marketing").setGranted(true).setSource("signup-form")
                .setChangeTime(monday).build();
        assertThatThrownBy(() -> client("acme").changeConsent(grant))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .as("not registered yet: " + e.getStatus()).isEqualTo(Status.Code.NOT_FOUND));
        client("acme").registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("cora").build());
        assertThat(client("acme").changeConsent(grant).getChanged()).isTrue();
        assertThat(client("acme").changeConsent(grant).getChanged()).as("already granted").isFalse();
        client("acme").changeConsent(grant.toBuilder().setGranted(false).setSource("unsubscribe-link")
                .setChangeTime(wednesday).build());

        var check = io.rapport.proto.relationship.v1.CheckConsentRequest.newBuilder().setCustomerId("cora")
                .setChannel(Channel.CHANNEL_EMAIL).setPurpose("marketing");
        var tuesday = client("acme").checkConsent(check.setAtTime(com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(1_767_000_000L + 86_400L)).build());
        assertThat(tuesday.getHeld()).isTrue();
        assertThat(tuesday.getSource()).isEqualTo("signup-form");
        assertThat(client("acme").checkConsent(check.clearAtTime().build()).getHeld()).as("withdrawn since").isFalse();
        assertThat(client("acme").checkConsent(check.setChannel(Channel.CHANNEL_SMS).build()).getHeld())
                .as("never given for SMS").isFalse();
        assertThatThrownBy(() -> client("acme").changeConsent(grant.toBuilder().setPurpose("Not A Purpose!")
                .clearChannel().build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
                        .contains("channel: required", "purpose: 1 to 64"));
    }

    /** Reads {@code count} changes of the workspace's feed from a resume token, then cancels. */
    private List<io.rapport.proto.relationship.v1.RelationshipChange> watch(String tenant, String resumeToken, int count)
            throws Exception {
        return watch(tenant, WatchChangesRequest.newBuilder()
                .setResumeToken(resumeToken).build(), count);
    }

    private List<io.rapport.proto.relationship.v1.RelationshipChange> watch(
            String tenant, WatchChangesRequest request, int count) throws Exception {
        List<io.rapport.proto.relationship.v1.RelationshipChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        try {
            context.run(() -> {
                var iterator = RelationshipServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenantHeader(tenant)))
                        .watchChanges(request);
                while (changes.size() < count && iterator.hasNext()) {
                    changes.add(iterator.next());
                }
            });
        } finally {
            context.cancel(null);
        }
        return changes;
    }

    @Test
    void theChangeFeedStreamsOneWorkspacesChangesAndResumesWithoutGapsOrRepeats() throws Exception {
        client("feed").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("f1", "feed-1", "1.00")).build());
        client("other-feed").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("x1", "other-1", "1.00")).build());
        client("feed").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("f2", "feed-2", "1.00")).build());

        var first = watch("feed", "", 4);

        assertThat(first).extracting(c -> c.getCustomerId() + ":" + c.getChanged(0))
                .containsExactly("f1:registered", "f1:interactions", "f2:registered", "f2:interactions");
        assertThat(first.get(1).getChangedList()).as("a purchase changes what it is about")
                .containsExactly("interactions", "stage", "orders", "spend", "prediction");
        assertThat(first).extracting(io.rapport.proto.relationship.v1.RelationshipChange::getPosition).isSorted();

        client("feed").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("f1", "feed-3", "1.00")).build());
        var resumed = watch("feed", first.get(1).getResumeToken(), 3);
        assertThat(resumed).extracting(c -> c.getCustomerId() + ":" + c.getChanged(0))
                .containsExactly("f2:registered", "f2:interactions", "f1:interactions");
        assertThatThrownBy(() -> watch("feed", "not-a-token", 1))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("resume_token");
                });
    }

    @Test
    void aNewFollowerCanStartAtATimeRatherThanReadTheWholeHistory() throws Exception {
        client("feed-from").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("early", "early-1", "1.00")).build());
        Instant start = Instant.now();
        // The store keeps times to the millisecond: the later customer is recorded in a millisecond after the start.
        Awaitility.await().until(() -> Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).isAfter(start));
        client("feed-from").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("late", "late-1", "1.00")).build());

        var fromStart = watch("feed-from", WatchChangesRequest.newBuilder()
                .setStartTime(ProtoMapping.timestamp(start)).build(), 2);

        assertThat(fromStart).extracting(c -> c.getCustomerId() + ":" + c.getChanged(0))
                .containsExactly("late:registered", "late:interactions");
        assertThat(watch("feed-from", "", 1)).extracting(c -> c.getCustomerId() + ":" + c.getChanged(0))
                .as("without a start, from the first change").containsExactly("early:registered");
        assertThatThrownBy(() -> watch("feed-from", WatchChangesRequest.newBuilder()
                .setStartTime(ProtoMapping.timestamp(Instant.parse("3000-01-01T00:00:00Z"))).build(), 1))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("startTime");
                });
    }

    @Test
    void anInvalidBatchIsRefusedWholeAndStoresNothing() throws Exception {
        StatusRuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> client("acme").recordInteractions(RecordInteractionsRequest.newBuilder()
                        .addInteractions(purchase("linus", "ok-1", "1.00"))
                        .addInteractions(purchase("linus", "bad-1", "lots").clearChannel())
                        .build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription())
                .contains("interactions[1].channel: required", "interactions[1].amount: not a decimal number");
        client("acme").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("linus", "later", "1.00")).build());
        assertThat(awaitRelationship("acme", "linus", 2).getInteractionCount()).as("only the later one").isEqualTo(1);
    }

    @Test
    void callsWithoutATenantAreRefusedButHealthIsOpen() {
        assertThatThrownBy(() -> RelationshipServiceGrpc.newBlockingStub(channel)
                .getRelationship(GetRelationshipRequest.newBuilder().setCustomerId("ada").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("rapport-tenant");
                });
        assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void resettingTheProcessorReplaysEveryViewFromTheStore() throws Exception {
        for (int i = 0; i < 5; i++) {
            client("replay").recordInteractions(RecordInteractionsRequest.newBuilder()
                    .addInteractions(purchase("replayed", "r-" + i, "3.00")).build());
        }
        Relationship before = awaitRelationship("replay", "replayed", 6);
        TrackingEventProcessor processor = processing.eventProcessor("relationship-views", TrackingEventProcessor.class)
                .orElseThrow();

        processor.shutDown();
        processor.resetTokens();
        assertThat(database.getCollection(activeViews.collection()).countDocuments()).as("reset drops the views").isZero();
        processor.start();

        awaitStoredView("replay", "replayed", 6);
        assertThat(withoutReadTime(awaitRelationship("replay", "replayed", 6))).isEqualTo(withoutReadTime(before));
    }

    @Test
    void reflectionListsTheService() throws Exception {
        var reflection = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel);
        var services = new java.util.concurrent.CompletableFuture<List<String>>();
        var requests = reflection.serverReflectionInfo(new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(io.grpc.reflection.v1.ServerReflectionResponse response) {
                services.complete(response.getListServicesResponse().getServiceList().stream()
                        .map(io.grpc.reflection.v1.ServiceResponse::getName).toList());
            }

            @Override
            public void onError(Throwable t) {
                services.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        requests.onNext(io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build());
        assertThat(services.get(10, TimeUnit.SECONDS)).contains("rapport.relationship.v1.RelationshipService",
                "grpc.health.v1.Health");
        requests.onCompleted();
    }

    @Test
    void aFullRebuildFoldsTheSameViewsAsTheLiveProjection() throws Exception {
        for (int batch = 0; batch < 5; batch++) {
            RecordInteractionsRequest.Builder request = RecordInteractionsRequest.newBuilder();
            for (int i = 0; i < 40; i++) {
                request.addInteractions(purchase("rebuild-" + (i % 7), "b" + batch + "-" + i, "1.25"));
            }
            client("rebuild").recordInteractions(request.build());
        }
        for (int customer = 0; customer < 7; customer++) {
            // 40 interactions a batch over 7 customers: 6 each for customers 0-4, 5 for 5 and 6; plus registration.
            awaitStoredView("rebuild", "rebuild-" + customer, customer < 5 ? 31 : 26);
        }

        long events = rebuilder.rebuildInto("relationship_views_rebuilt", done -> { }, (event, e) -> { });

        assertThat(events).isGreaterThanOrEqualTo(207);
        assertThat(database.getCollection("relationship_views_rebuilt").countDocuments()).isGreaterThanOrEqualTo(7);
        List<Document> live = database.getCollection(activeViews.collection())
                .find(new Document("tenant", "rebuild")).sort(Sorts.ascending("_id")).into(new java.util.ArrayList<>());
        List<Document> rebuilt = database.getCollection("relationship_views_rebuilt")
                .find(new Document("tenant", "rebuild")).sort(Sorts.ascending("_id")).into(new java.util.ArrayList<>());
        assertThat(live).hasSize(7);
        assertThat(rebuilt).isEqualTo(live);
        // And the purchase days kept beside the views: one day each (every purchase the same day), the sum of it.
        Document ofThisTest = new Document("_id", new Document("$gte", "rebuild/").append("$lt", "rebuild0"));
        List<Document> liveDays = database.getCollection(activeViews.collection() + "_days").find(ofThisTest)
                .sort(Sorts.ascending("_id")).into(new ArrayList<>());
        assertThat(liveDays).hasSize(7).first().satisfies(day -> assertThat(day.get("v", Document.class)
                .get("EUR", Number.class).doubleValue()).isEqualTo(30 * 1.25));
        assertThat(database.getCollection("relationship_views_rebuilt_days").find(ofThisTest)
                .sort(Sorts.ascending("_id")).into(new ArrayList<>())).isEqualTo(liveDays);
    }

    @Test
    void aReplayRebuildsBesideTheLiveViewsWhileTheyKeepAnsweringThenSwitches() throws Exception {
        RecordInteractionsRequest.Builder request = RecordInteractionsRequest.newBuilder();
        for (int i = 0; i < 300; i++) {
            request.addInteractions(purchase("replay-" + (i % 30), "p-" + i, "2.00"));
        }
        client("replays").recordInteractions(request.build());
        awaitRelationship("replays", "replay-29", 11);
        String before = activeViews.collection();

        ReplayJob started = client("replays").startReplay(StartReplayRequest.getDefaultInstance()).getJob();
        assertThat(started.getStatus()).isEqualTo("RUNNING");
        assertThat(started.getEventsTotal()).isGreaterThanOrEqualTo(330);
        // Keeps recording and answering meanwhile.
        client("replays").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("replay-0", "during", "5.00")).build());
        assertThat(client("replays").getRelationship(GetRelationshipRequest.newBuilder().setCustomerId("replay-1")
                .build()).getRelationship().getOrderCount()).isEqualTo(10);

        ReplayJob job = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> client("replays").getReplay(GetReplayRequest.newBuilder().setId(started.getId()).build())
                        .getJob(), replay -> !replay.getStatus().equals("RUNNING"));
        assertThat(job.getStatus()).as(job.getError()).isEqualTo("SUCCEEDED");
        assertThat(job.getPhase()).isEqualTo("DONE");
        assertThat(job.getEventsDone()).isGreaterThanOrEqualTo(job.getEventsTotal());
        assertThat(job.getEventsPerSecond()).isPositive();
        assertThat(activeViews.collection()).isNotEqualTo(before);
        assertThat(database.listCollectionNames().into(new java.util.ArrayList<>())).doesNotContain(before);

        Relationship replayed = awaitRelationship("replays", "replay-0", 12);
        assertThat(replayed.getOrderCount()).as("the interaction recorded during the replay").isEqualTo(11);
        assertThat(replayed.getSpendList()).singleElement()
                .satisfies(spend -> assertThat(spend.getAmount()).isEqualTo("25.00"));
        assertThat(client("replays").getRelationship(GetRelationshipRequest.newBuilder().setCustomerId("replay-29")
                .build()).getRelationship().getOrderCount()).isEqualTo(10);
        assertThatThrownBy(() -> client("replays").getReplay(GetReplayRequest.newBuilder().setId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void aWorkspacesCurrentCustomersStreamInIdOrderWithoutMergedAwayOnes() throws Exception {
        for (String id : List.of("s-c", "s-a", "s-b", "s-old")) {
            client("streamer").registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId(id).build());
        }
        client("other-streamer").registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("s-x").build());
        client("streamer").mergeCustomers(MergeCustomersRequest.newBuilder().setSurvivorCustomerId("s-a")
                .setMergedCustomerId("s-old").build());
        awaitStoredView("streamer", "s-a", 2);
        awaitStoredView("streamer", "s-old", 2);
        List<String> streamed = new ArrayList<>();
        client("streamer").streamRelationships(StreamRelationshipsRequest.getDefaultInstance())
                .forEachRemaining(view -> streamed.add(view.getCustomerId()));
        assertThat(streamed).containsExactly("s-a", "s-b", "s-c");
    }

    @Test
    void aStreamLargerThanTheClientsWindowPausesAndGoesOnWithoutGapsOrRepeats() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int batch = 0; batch < 12; batch++) {
            RecordInteractionsRequest.Builder request = RecordInteractionsRequest.newBuilder();
            for (int i = 0; i < 100; i++) {
                String customer = String.format("w-%02d-%03d", batch, i);
                request.addInteractions(purchase(customer, "w-" + batch + "-" + i, "1.00"));
                expected.add(customer);
            }
            client("windowed").recordInteractions(request.build());
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> database.getCollection(activeViews.collection())
                .countDocuments(new Document("tenant", "windowed").append("lastSequence", 1)) == expected.size());
        // A window of 8 KiB holds a few dozen views: the server has to stop at each and go on when the client reads.
        ManagedChannel small = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .flowControlWindow(8 * 1024).intercept(TestCredential.interceptor()).build();
        try {
            List<Relationship> streamed = new ArrayList<>();
            RelationshipServiceGrpc.newBlockingStub(small)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenantHeader("windowed")))
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .streamRelationships(StreamRelationshipsRequest.getDefaultInstance())
                    .forEachRemaining(streamed::add);
            assertThat(streamed).extracting(Relationship::getCustomerId).isEqualTo(expected);
            // The stream leaves the recent interactions out (segments never read them); the counts are there.
            assertThat(streamed).allSatisfy(view -> {
                assertThat(view.getInteractionCount()).isEqualTo(1);
                assertThat(view.getRecentInteractionsList()).isEmpty();
            });
            assertThat(client("windowed").getRelationship(GetRelationshipRequest.newBuilder()
                    .setCustomerId(expected.get(0)).build()).getRelationship().getRecentInteractionsList()).hasSize(1);

            // A pass resumed after a customer gets the rest, from the next one on.
            List<String> resumed = new ArrayList<>();
            client("windowed").streamRelationships(StreamRelationshipsRequest.newBuilder()
                    .setAfterCustomerId(expected.get(599)).build()).forEachRemaining(v -> resumed.add(v.getCustomerId()));
            assertThat(resumed).isEqualTo(expected.subList(600, expected.size()));
            // A pass told where to stop ends there: within a read-ahead, and past several.
            for (long limit : new long[] {1, 7, 1_100, 5_000}) {
                List<String> limited = new ArrayList<>();
                client("windowed").streamRelationships(StreamRelationshipsRequest.newBuilder().setMaxCustomers(limit)
                        .build()).forEachRemaining(v -> limited.add(v.getCustomerId()));
                assertThat(limited).as("at most %d", limit)
                        .isEqualTo(expected.subList(0, (int) Math.min(limit, expected.size())));
            }
            assertThatThrownBy(() -> client("windowed").streamRelationships(StreamRelationshipsRequest.newBuilder()
                    .setMaxCustomers(0).build()).hasNext())
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
                            .contains("maxCustomers"));
            assertThatThrownBy(() -> client("windowed").streamRelationships(StreamRelationshipsRequest.newBuilder()
                    .setAfterCustomerId("x".repeat(10_000)).build()).hasNext())
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                            .isEqualTo(Status.Code.INVALID_ARGUMENT));
        } finally {
            small.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWorkspacesCustomersArePagedInIdOrderWithATokenThatOnlyThisListTakes() throws Exception {
        for (String id : List.of("p-e", "p-a", "p-d", "p-b", "p-c", "p-bb")) {
            client("pager").registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId(id).build());
        }
        client("other-pager").registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("p-x").build());
        client("pager").mergeCustomers(MergeCustomersRequest.newBuilder().setSurvivorCustomerId("p-a")
                .setMergedCustomerId("p-bb").build());
        awaitStoredView("pager", "p-a", 2);
        awaitStoredView("pager", "p-bb", 2);
        List<String> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = "";
        do {
            ListRelationshipsResponse page = client("pager").listRelationships(ListRelationshipsRequest.newBuilder()
                    .setPageSize(2).setPageToken(token).build());
            page.getRelationshipsList().forEach(view -> paged.add(view.getCustomerId()));
            sizes.add(page.getRelationshipsCount());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(paged).containsExactly("p-a", "p-b", "p-c", "p-d", "p-e");
        assertThat(sizes).containsExactly(2, 2, 1);

        for (ListRelationshipsRequest bad : List.of(ListRelationshipsRequest.newBuilder().setPageSize(501).build(),
                ListRelationshipsRequest.newBuilder().setPageToken("not-a-token").build(),
                ListRelationshipsRequest.newBuilder().setHorizonDays(-1).build())) {
            assertThatThrownBy(() -> client("pager").listRelationships(bad))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).containsAnyOf("limit", "cursor",
                                "horizonDays");
                    });
        }
    }
}
