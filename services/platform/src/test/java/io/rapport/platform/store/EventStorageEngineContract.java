package io.rapport.platform.store;

import static io.rapport.platform.store.TestEvents.event;
import static io.rapport.platform.store.TestEvents.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Rapport's event store promises, run against every MongoDB it supports: the embedded server here and a
 * real MongoDB where Docker exists.
 */
public abstract class EventStorageEngineContract {

    protected MongoDatabase database;
    protected MongoEventStorageEngine engine;

    protected abstract MongoDatabase newDatabase();

    @BeforeEach
    void createEngine() {
        database = newDatabase();
        engine = engine(Duration.ofSeconds(60));
    }

    protected MongoEventStorageEngine engine(Duration gapTimeout) {
        return MongoEventStorageEngine.builder()
                .database(database)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .gapTimeout(gapTimeout)
                .build();
    }

    @Test
    void aggregateLoadsInSequenceOrderAcrossBatches() {
        engine.appendEvents(events("customer-1", 0, 250));
        engine.appendEvents(events("customer-2", 0, 3));

        List<? extends DomainEventMessage<?>> loaded = engine.readEvents("customer-1").asStream().toList();

        assertThat(loaded).extracting(DomainEventMessage::getSequenceNumber)
                .containsExactlyElementsOf(range(0, 250));
        assertThat(loaded.get(249).getPayload()).isEqualTo(new TestEvents.SomethingHappened("customer-1@249", 249));
        assertThat(loaded.get(0).getMetaData()).containsEntry("tenant", "acme");
        assertThat(engine.readEvents("customer-1", 240).asStream().count()).isEqualTo(10);
        assertThat(engine.lastSequenceNumberFor("customer-1")).contains(249L);
        assertThat(engine.lastSequenceNumberFor("nobody")).isEmpty();
    }

    @Test
    void ofTwoWritersOfOneSequenceExactlyOneWins() throws Exception {
        engine.appendEvents(events("customer-1", 0, 5));
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger winners = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int writer = 0; writer < 2; writer++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    engine.appendEvents(events("customer-1", 5, 3));
                    winners.incrementAndGet();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            writers.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : writers) {
            thread.join();
        }

        assertThat(winners).hasValue(1);
        assertThat(failures).singleElement().isInstanceOf(ConcurrencyException.class);
        assertThat(engine.readEvents("customer-1").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactlyElementsOf(range(0, 8));
    }

    @Test
    void creatingAnExistingAggregateIsRefused() {
        engine.appendEvents(event("customer-1", 0));
        assertThatThrownBy(() -> engine.appendEvents(event("customer-1", 0)))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void manyThreadsAppendingToOneAggregateLoseAndDuplicateNothing() throws Exception {
        int threads = 8;
        int appendsPerThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<String> accepted = Collections.synchronizedSet(new HashSet<>());
        AtomicInteger conflicts = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.submit(() -> {
                for (int i = 0; i < appendsPerThread; i++) {
                    while (true) {
                        long next = engine.lastSequenceNumberFor("hot").map(s -> s + 1).orElse(0L);
                        String what = "thread-" + thread + "-append-" + i;
                        try {
                            engine.appendEvents(new GenericDomainEventMessage<>("TestAggregate", "hot", next,
                                    new TestEvents.SomethingHappened(what, i)));
                            accepted.add(what);
                            break;
                        } catch (ConcurrencyException | AggregateStreamCreationException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

        List<? extends DomainEventMessage<?>> stored = engine.readEvents("hot").asStream().toList();
        assertThat(stored).extracting(DomainEventMessage::getSequenceNumber)
                .containsExactlyElementsOf(range(0, threads * appendsPerThread));
        assertThat(stored.stream().map(e -> ((TestEvents.SomethingHappened) e.getPayload()).what()))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(conflicts.get()).as("the threads really raced").isPositive();
        List<TrackedEventMessage<?>> tracked = readAll(engine.createTailToken());
        assertThat(tracked).hasSize(threads * appendsPerThread);
    }

    @Test
    void concurrentAppendsToManyAggregatesGetDistinctPositions() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    engine.appendEvents(events("t" + thread + "-c" + i, 0, 5));
                }
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

        List<TrackedEventMessage<?>> tracked = readAll(engine.createTailToken());
        assertThat(tracked).hasSize(threads * 50 * 5);
        assertThat(tracked.stream().map(e -> e.trackingToken().position().orElseThrow())).doesNotHaveDuplicates();
        assertThat(engine.readEvents("t7-c49").asStream().count()).isEqualTo(5);
    }

    @Test
    void aReaderFollowingTheTailWhileManyWritersAppendSeesEveryEventOnce() throws Exception {
        int threads = 6;
        int appends = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ConcurrentHashMap<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
        Thread reader = new Thread(() -> {
            TrackingToken token = null;
            boolean last = false;
            while (!last) {
                last = !writing.get();
                try (var stream = engine.readEvents(token, false)) {
                    for (TrackedEventMessage<?> event : stream.collect(Collectors.toList())) {
                        seen.merge(((DomainEventMessage<?>) event).getAggregateIdentifier() + "#"
                                + ((DomainEventMessage<?>) event).getSequenceNumber(), 1, Integer::sum);
                        token = event.trackingToken();
                    }
                }
            }
        });
        reader.start();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.submit(() -> {
                java.util.Random random = new java.util.Random(thread);
                for (int i = 0; i < appends; i++) {
                    engine.appendEvents(events("w" + thread + "-" + i, 0, 1 + random.nextInt(4)));
                }
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        writing.set(false);
        reader.join(TimeUnit.MINUTES.toMillis(1));
        long stored = readAll(engine.createTailToken()).size();
        assertThat(seen.values()).as("each event seen once").allMatch(count -> count == 1);
        assertThat((long) seen.size()).as("events the tail reader saw of " + stored).isEqualTo(stored);
    }

    @Test
    void streamsOfTheEventStoreSeeEveryEventOnceWhileManyWritersPublish() throws Exception {
        var store = org.axonframework.eventsourcing.eventstore.EmbeddedEventStore.builder().storageEngine(engine)
                .build();
        int threads = 6;
        int appends = 150;
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<java.util.concurrent.ConcurrentHashMap<String, Integer>> seenBy = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            java.util.concurrent.ConcurrentHashMap<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
            seenBy.add(seen);
            // The later readers start behind the writers and catch up: the event store's cache is then shared.
            int startAfterEvents = r * 200;
            Thread reader = new Thread(() -> {
                try {
                    await().atMost(Duration.ofMinutes(1)).until(() -> engine.head() >= startAfterEvents);
                    try (var stream = store.openStream(null)) {
                        long quietSince = System.nanoTime();
                        while (writing.get() || System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(3)) {
                            if (stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                                DomainEventMessage<?> event = (DomainEventMessage<?>) stream.nextAvailable();
                                seen.merge(event.getAggregateIdentifier() + "#" + event.getSequenceNumber(), 1,
                                        Integer::sum);
                                quietSince = System.nanoTime();
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            readers.add(reader);
            reader.start();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.submit(() -> {
                java.util.Random random = new java.util.Random(thread);
                for (int i = 0; i < appends; i++) {
                    var unitOfWork = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(null);
                    store.publish(events("p" + thread + "-" + i, 0, 1 + random.nextInt(4)));
                    unitOfWork.commit();
                }
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        writing.set(false);
        for (Thread reader : readers) {
            reader.join(TimeUnit.MINUTES.toMillis(1));
        }
        store.shutDown();
        long stored = readAll(engine.createTailToken()).size();
        for (var seen : seenBy) {
            assertThat(seen.values()).as("each event seen once").allMatch(count -> count == 1);
            assertThat((long) seen.size()).as("events a stream saw of " + stored).isEqualTo(stored);
        }
    }

    @Test
    void positionsTakenTwiceByAnotherWriterAreReplacedNotLost() {
        engine.appendEvents(event("first", 0));
        // Another process whose reservation overlapped ours already wrote the next position.
        writeAt(2, event("foreign", 0));

        engine.appendEvents(events("mine", 0, 3));

        assertThat(engine.readEvents("mine").asStream().count()).isEqualTo(3);
        assertThat(readAll(engine.createTailToken())).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .containsExactly("first", "foreign", "mine", "mine", "mine");
    }

    @Test
    void processorsSeeEveryEventOnceInGlobalOrder() {
        engine.appendEvents(events("a", 0, 150));
        engine.appendEvents(TestEvents.nonDomainEvent());
        engine.appendEvents(events("b", 0, 120));

        List<TrackedEventMessage<?>> tracked = readAll(engine.createTailToken());

        assertThat(tracked).hasSize(271);
        List<Long> positions = tracked.stream().map(e -> e.trackingToken().position().orElseThrow()).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(tracked.get(150)).isNotInstanceOf(DomainEventMessage.class);
        assertThat(tracked.get(150).getPayload()).isInstanceOf(TestEvents.SomethingHappened.class);
        TrackingToken middle = tracked.get(99).trackingToken();
        assertThat(readAll(middle)).hasSize(171);
        assertThat(readAll(engine.createHeadToken())).isEmpty();
    }

    @Test
    void aFailedAppendStoresNothingAndLeavesGapsThatAreSkippedAfterTheTimeout() throws Exception {
        MongoEventStorageEngine engine = engine(Duration.ofMillis(300));
        engine.appendEvents(event("existing", 0));
        List<DomainEventMessage<?>> mixed = new ArrayList<>(events("new", 0, 3));
        mixed.add(event("existing", 0));

        assertThatThrownBy(() -> engine.appendEvents(mixed)).isInstanceOf(AggregateStreamCreationException.class);
        assertThat(engine.readEvents("new").asStream()).isEmpty();

        engine.appendEvents(event("later", 0));
        List<TrackedEventMessage<?>> firstRead = readAll(engine, engine.createTailToken());
        assertThat(firstRead).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .containsExactly("existing", "later");
        GapAwareTrackingToken token = (GapAwareTrackingToken) firstRead.get(1).trackingToken();
        assertThat(token.getGaps()).as("the failed append's positions are waited for").containsExactly(2L, 3L, 4L, 5L);

        Thread.sleep(400);
        engine.appendEvents(event("latest", 0));
        List<TrackedEventMessage<?>> secondRead = readAll(engine, token);
        assertThat(secondRead).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .containsExactly("latest");
        assertThat(((GapAwareTrackingToken) secondRead.get(0).trackingToken()).getGaps())
                .as("timed out gaps are dropped").isEmpty();
    }

    @Test
    void anEventStillInFlightIsDeliveredWhenItLands() {
        engine.appendEvents(event("first", 0));
        long reserved = reservePositions(1);
        engine.appendEvents(event("third", 0));

        List<TrackedEventMessage<?>> before = readAll(engine.createTailToken());
        assertThat(before).hasSize(2);
        GapAwareTrackingToken token = (GapAwareTrackingToken) before.get(1).trackingToken();
        assertThat(token.getGaps()).containsExactly(reserved);

        writeAt(reserved, event("second", 0));
        List<TrackedEventMessage<?>> after = readAll(token);
        assertThat(after).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .containsExactly("second");
        assertThat(((GapAwareTrackingToken) after.get(0).trackingToken()).getGaps()).isEmpty();
    }

    @Test
    void anAggregatesLaterEventReadableBeforeItsEarlierOneWaitsForIt() {
        engine.appendEvents(event("other", 0));
        long first = reservePositions(3);
        // An append of three events of "big" becoming readable out of order, as partial inserts can.
        writeAt(first + 2, event("big", 2));
        writeAt(first + 1, event("big", 1));
        engine.appendEvents(event("after", 0));

        List<TrackedEventMessage<?>> before = readAll(engine.createTailToken());
        assertThat(before).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .as("nothing of 'big' before its first event").containsExactly("other", "after");
        GapAwareTrackingToken token = (GapAwareTrackingToken) before.get(1).trackingToken();
        assertThat(token.getGaps()).containsExactly(first, first + 1, first + 2);

        writeAt(first, event("big", 0));
        List<TrackedEventMessage<?>> after = readAll(token);
        assertThat(after).extracting(e -> ((DomainEventMessage<?>) e).getSequenceNumber())
                .containsExactly(0L, 1L, 2L);
        assertThat(((GapAwareTrackingToken) after.get(2).trackingToken()).getGaps()).isEmpty();
    }

    @Test
    void aRunOfUnusedPositionsLongerThanABatchIsNotTheEnd() {
        engine.appendEvents(event("before", 0));
        reservePositions(350);
        engine.appendEvents(event("after", 0));

        assertThat(readAll(engine.createTailToken()))
                .extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .containsExactly("before", "after");
    }

    @Test
    void newestSnapshotWinsAndLoadingStartsAfterIt() {
        engine.appendEvents(events("customer-1", 0, 30));
        engine.storeSnapshot(new GenericDomainEventMessage<>("TestAggregate", "customer-1", 20,
                new TestEvents.SomethingHappened("state@20", 20)));
        engine.storeSnapshot(new GenericDomainEventMessage<>("TestAggregate", "customer-1", 10,
                new TestEvents.SomethingHappened("state@10", 10)));

        assertThat(engine.readSnapshot("customer-1")).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.getSequenceNumber()).isEqualTo(20);
            assertThat(snapshot.getPayload()).isEqualTo(new TestEvents.SomethingHappened("state@20", 20));
        });
        assertThat(engine.readSnapshot("customer-2")).isEmpty();
        assertThat(engine.readEvents("customer-1", 21).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactlyElementsOf(range(21, 30));
    }

    @Test
    void aStoreWithoutSnapshotsLoadsFromTheFirstEventAndAnotherProcessFindsTheSnapshotsStoredSince() {
        engine.appendEvents(events("customer-1", 0, 30));
        assertThat(engine.readSnapshot("customer-1")).isEmpty();
        MongoEventStorageEngine other = engine(Duration.ofSeconds(60));
        assertThat(other.readEvents("customer-1").asStream().map(DomainEventMessage::getSequenceNumber))
                .as("no snapshot anywhere: every event").containsExactlyElementsOf(range(0, 30));

        engine.storeSnapshot(new GenericDomainEventMessage<>("TestAggregate", "customer-1", 20,
                new TestEvents.SomethingHappened("state@20", 20)));

        assertThat(engine(Duration.ofSeconds(60)).readSnapshot("customer-1")).as("a process started since")
                .hasValueSatisfying(snapshot -> assertThat(snapshot.getSequenceNumber()).isEqualTo(20));
        assertThat(other.readEvents("customer-1").asStream().map(DomainEventMessage::getSequenceNumber))
                .as("one that looked before the snapshot still loads the whole aggregate")
                .containsExactlyElementsOf(range(0, 30));
    }

    record OldShape(String label, int number) {
    }

    @Test
    void storedEventsAreUpcastOnTheWayOut() {
        engine.appendEvents(new GenericDomainEventMessage<>("TestAggregate", "customer-1", 0, new OldShape("hello", 7)));
        SingleEventUpcaster renameClassAndField = new SingleEventUpcaster() {
            @Override
            protected boolean canUpcast(IntermediateEventRepresentation representation) {
                return representation.getType().getName().equals(OldShape.class.getName());
            }

            @Override
            protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
                return representation.upcastPayload(
                        new SimpleSerializedType(TestEvents.SomethingHappened.class.getName(), "2"), JsonNode.class,
                        node -> {
                            ObjectNode object = (ObjectNode) node;
                            object.set("what", object.remove("label"));
                            return object;
                        });
            }
        };
        MongoEventStorageEngine upcasting = MongoEventStorageEngine.builder()
                .database(database)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .upcasterChain(renameClassAndField)
                .build();

        assertThat(upcasting.readEvents("customer-1").asStream().map(e -> (Object) e.getPayload()))
                .containsExactly(new TestEvents.SomethingHappened("hello", 7));
        assertThat(readAll(upcasting, upcasting.createTailToken())).extracting(e -> (Object) e.getPayload())
                .containsExactly(new TestEvents.SomethingHappened("hello", 7));
        assertThat(upcasting.readAllEvents(100).map(e -> (Object) e.getPayload()))
                .containsExactly(new TestEvents.SomethingHappened("hello", 7));
    }

    @Test
    void aTokenAtATimeStartsAtTheFirstEventRecordedThen() throws Exception {
        engine.appendEvents(events("early", 0, 40));
        Thread.sleep(30);
        Instant between = Instant.now();
        Thread.sleep(30);
        engine.appendEvents(events("late", 0, 25));

        List<TrackedEventMessage<?>> fromThen = readAll(engine.createTokenAt(between));

        assertThat(fromThen).hasSize(25)
                .allSatisfy(e -> assertThat(((DomainEventMessage<?>) e).getAggregateIdentifier()).isEqualTo("late"));
        assertThat(readAll(engine.createTokenAt(Instant.now().plusSeconds(60)))).isEmpty();
        assertThat(readAll(engine.createTokenAt(Instant.EPOCH))).hasSize(65);
    }

    @Test
    void bulkReadKeepsEachAggregatesOrder() {
        for (int round = 0; round < 12; round++) {
            for (String customer : List.of("x", "y", "z")) {
                engine.appendEvents(events(customer, round * 3L, 3));
            }
        }
        engine.appendEvents(TestEvents.nonDomainEvent());

        List<TrackedEventMessage<?>> all = engine.readAllEvents(7).toList();

        assertThat(all).hasSize(109);
        for (String customer : List.of("x", "y", "z")) {
            assertThat(all.stream().filter(e -> e instanceof DomainEventMessage<?> d
                            && d.getAggregateIdentifier().equals(customer))
                    .map(e -> ((DomainEventMessage<?>) e).getSequenceNumber()))
                    .containsExactlyElementsOf(range(0, 36));
        }
    }

    // ---- helpers ----

    protected List<TrackedEventMessage<?>> readAll(TrackingToken from) {
        return readAll(engine, from);
    }

    protected static List<TrackedEventMessage<?>> readAll(MongoEventStorageEngine engine, TrackingToken from) {
        return engine.readEvents(from, false).collect(Collectors.toList());
    }

    /** Takes positions as an appender does, without writing them: an append in flight, or one that died. */
    protected long reservePositions(int count) {
        Document counter = database.getCollection(MongoEventStorageEngine.POSITIONS).findOneAndUpdate(
                Filters.eq("_id", "head"), Updates.inc("value", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(com.mongodb.client.model.ReturnDocument.AFTER));
        return counter.get("value", Number.class).longValue() - count + 1;
    }

    /** Completes an append that was in flight at {@code position}. */
    protected void writeAt(long position, DomainEventMessage<?> event) {
        JacksonSerializer serializer = EventSerialization.serializer();
        var payload = event.serializePayload(serializer, String.class);
        var metaData = event.serializeMetaData(serializer, String.class);
        database.getCollection(MongoEventStorageEngine.EVENTS).insertOne(new StoredEvent(event.getType(),
                event.getAggregateIdentifier(), event.getSequenceNumber(), event.getIdentifier(), event.getTimestamp(),
                payload.getType().getName(), payload.getType().getRevision(), payload.getData(), metaData.getData(),
                position, Instant.now()).toDocument());
    }

    protected static List<Long> range(long from, long toExclusive) {
        List<Long> values = new ArrayList<>();
        for (long i = from; i < toExclusive; i++) {
            values.add(i);
        }
        return values;
    }
}
