package io.rapport.platform.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's event storage on the MongoDB Java driver, built so that every hot read is a key lookup.
 *
 * <ul>
 *   <li>{@code events}: {@code _id = "<aggregateId>#<sequence>"} (two writers of one sequence collide on it),
 *       plus a unique {@code globalIndex} that orders all events for tracking processors.</li>
 *   <li>Append: one {@code $inc} on the {@code event_positions} counter reserves a block of global positions,
 *       then one ordered {@code insertMany}. A failed append removes what it had inserted and leaves its
 *       positions unused: gaps.</li>
 *   <li>Load an aggregate: its snapshot by {@code _id}, then {@code $in} over the {@code _id}s of the next
 *       sequence numbers, in windows growing from 8 keys to a batch while they come back full.</li>
 *   <li>Feed a processor ({@link GapAwareTrackingToken}): {@code $in} over the next positions and the known gaps.
 *       A gap is waited for until an event after it has been recorded longer than the gap timeout ago. The
 *       counter is read first: the window stops at it (a caught-up reader asks only for what was appended
 *       since), and a window that comes back empty below it is followed by the next, so a run of unused
 *       positions is never taken for the end of the store.</li>
 *   <li>Token at a time: a binary search over positions, a few key lookups.</li>
 * </ul>
 * The embedded MongoDB-wire server can only use unique single-key indexes; these queries are also what a real
 * MongoDB answers best.
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(MongoEventStorageEngine.class);

    static final String EVENTS = "events";
    static final String SNAPSHOTS = "snapshots";
    static final String POSITIONS = "event_positions";
    private static final String HEAD = "head";
    private static final String VALUE = "value";
    /** The server re-checks every returned document against the whole {@code $in} list: keep lists short. */
    private static final int MAX_KEYS_PER_QUERY = 100;
    /** Keys asked for first when loading an aggregate: most loads find a snapshot and a few events after it. */
    private static final int FIRST_AGGREGATE_WINDOW = 8;
    private static final int MAX_APPEND_ATTEMPTS = 10;
    /** How often a store that has no snapshots looks whether another process has stored one since. */
    private static final long LOOK_FOR_SNAPSHOTS_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> snapshots;
    private final MongoCollection<Document> positions;
    private final Duration gapTimeout;
    private final int maxGapOffset;
    private final ReentrantLock writerLock = new ReentrantLock();
    private final Queue<PendingAppend> waitingAppends = new ConcurrentLinkedQueue<>();
    /** Whether any snapshot is stored: until one is, loading an aggregate does not look for its own. */
    private volatile boolean snapshotsStored;
    private volatile long lookedForSnapshotsAt = System.nanoTime() - LOOK_FOR_SNAPSHOTS_NANOS - 1;

    protected MongoEventStorageEngine(Builder builder) {
        super(builder);
        MongoDatabase database = builder.database;
        this.events = database.getCollection(EVENTS);
        this.snapshots = database.getCollection(SNAPSHOTS);
        this.positions = database.getCollection(POSITIONS);
        this.gapTimeout = builder.gapTimeout;
        this.maxGapOffset = builder.maxGapOffset;
        this.appended = builder.appended;
        events.createIndex(Indexes.ascending(StoredEvent.GLOBAL_INDEX), new IndexOptions().unique(true));
    }

    private final IntConsumer appended;

    public static Builder builder() {
        return new Builder();
    }

    // ---- append ----

    /**
     * Appends with group commit: concurrent appends queue up, and whichever caller holds the writer lock writes
     * everything queued with one reservation of positions and one unordered {@code insertMany}. Each caller still
     * gets its own outcome: an append whose documents collide with another writer's sequence is undone alone and
     * fails with Axon's concurrency exception, while the others in the same batch are stored.
     */
    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        PendingAppend mine = new PendingAppend(events, serializer);
        waitingAppends.add(mine);
        writerLock.lock();
        try {
            if (!mine.done) {
                writeWaitingAppends();
            }
        } finally {
            writerLock.unlock();
        }
        if (mine.failure != null) {
            handlePersistenceException(mine.failure, events.get(mine.failedAt));
        }
        appended.accept(events.size());
    }

    /** Writes every queued append; called with the writer lock held. */
    private void writeWaitingAppends() {
        List<PendingAppend> batch = new ArrayList<>();
        for (PendingAppend next; (next = waitingAppends.poll()) != null; ) {
            batch.add(next);
        }
        for (int attempt = 1; !batch.isEmpty(); attempt++) {
            int total = batch.stream().mapToInt(p -> p.events.size()).sum();
            long position;
            try {
                position = reservePositions(total);
            } catch (MongoException e) {
                batch.forEach(p -> p.fail(e, 0));
                return;
            }
            List<Document> documents = new ArrayList<>(total);
            Date recordedAt = Date.from(GenericEventMessage.clock.instant());
            for (PendingAppend pending : batch) {
                for (Document document : pending.documents) {
                    document.put(StoredEvent.GLOBAL_INDEX, position++);
                    document.put(StoredEvent.RECORDED_AT, recordedAt);
                }
                documents.addAll(pending.documents);
            }
            try {
                this.events.insertMany(documents, new InsertManyOptions().ordered(false));
                batch.forEach(p -> p.done = true);
                return;
            } catch (MongoBulkWriteException e) {
                batch = settlePartialFailure(batch, e, attempt < MAX_APPEND_ATTEMPTS);
            } catch (MongoException e) {
                undoPartialAppend(documents);
                batch.forEach(p -> p.fail(e, 0));
                return;
            }
        }
    }

    /**
     * Sorts out which appends of a batch failed: those are undone (all or nothing each), and those that failed
     * only because another process took their positions are returned to be written again with new ones.
     */
    private List<PendingAppend> settlePartialFailure(List<PendingAppend> batch, MongoBulkWriteException exception,
                                                     boolean mayRetry) {
        Map<Integer, BulkWriteError> errorsByIndex = new HashMap<>();
        exception.getWriteErrors().forEach(error -> errorsByIndex.put(error.getIndex(), error));
        List<PendingAppend> retry = new ArrayList<>();
        List<Document> undo = new ArrayList<>();
        int offset = 0;
        for (PendingAppend pending : batch) {
            List<BulkWriteError> errors = new ArrayList<>();
            List<Document> stored = new ArrayList<>();
            for (int i = 0; i < pending.events.size(); i++) {
                BulkWriteError error = errorsByIndex.get(offset + i);
                if (error != null) {
                    errors.add(error);
                } else {
                    stored.add(pending.documents.get(i));
                }
            }
            if (errors.isEmpty()) {
                pending.done = true;
                offset += pending.events.size();
                continue;
            }
            undo.addAll(stored);
            if (mayRetry && errors.stream().allMatch(MongoEventStorageEngine::isPositionCollision)) {
                retry.add(pending);
            } else {
                BulkWriteError first = errors.stream().filter(e -> !isPositionCollision(e)).findFirst()
                        .orElse(errors.get(0));
                pending.fail(new MongoBulkWriteException(exception.getWriteResult(), List.of(first), null,
                        exception.getServerAddress(), exception.getErrorLabels()), first.getIndex() - offset);
            }
            offset += pending.events.size();
        }
        undoPartialAppend(undo);
        if (!retry.isEmpty()) {
            log.debug("Global positions of {} appends were taken by another writer; appending them again", retry.size());
        }
        return retry;
    }

    /** The documents of events, without their global positions and time of recording (given when written). */
    private static List<Document> toDocuments(List<? extends EventMessage<?>> events, Serializer serializer) {
        List<Document> documents = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            documents.add(toStoredEvent(event, serializer, 0, null).toDocument());
        }
        return documents;
    }

    /**
     * Takes {@code count} consecutive global positions; called with the writer lock held, because the embedded
     * server's findAndModify is not atomic. Should another process still collide, the unique globalIndex refuses
     * the documents and they are written again with new positions.
     */
    private long reservePositions(int count) {
        Document counter = positions.findOneAndUpdate(eq(StoredEvent.ID, HEAD), Updates.inc(VALUE, (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return counter.get(VALUE, Number.class).longValue() - count + 1;
    }

    /**
     * Removes the stored documents of appends that failed. Their units of work are rolled back, so those events
     * must go too: an append is all or nothing, and its positions become gaps.
     */
    private void undoPartialAppend(List<Document> inserted) {
        if (inserted.isEmpty()) {
            return;
        }
        List<Object> ids = inserted.stream().map(d -> d.get(StoredEvent.ID)).toList();
        try {
            events.deleteMany(in(StoredEvent.ID, ids));
        } catch (MongoException e) {
            log.error("Could not remove {} events of a failed append; they stay in the store: {}", ids.size(), ids, e);
        }
    }

    private static StoredEvent toStoredEvent(EventMessage<?> event, Serializer serializer, long globalIndex,
                                             Instant recordedAt) {
        SerializedObject<String> payload = event.serializePayload(serializer, String.class);
        SerializedObject<String> metaData = event.serializeMetaData(serializer, String.class);
        String type = null;
        String aggregateIdentifier = event.getIdentifier();
        long sequenceNumber = 0;
        if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
            type = domainEvent.getType();
            aggregateIdentifier = domainEvent.getAggregateIdentifier();
            sequenceNumber = domainEvent.getSequenceNumber();
        }
        return new StoredEvent(type, aggregateIdentifier, sequenceNumber, event.getIdentifier(), event.getTimestamp(),
                payload.getType().getName(), payload.getType().getRevision(), payload.getData(), metaData.getData(),
                globalIndex, recordedAt);
    }

    // ---- snapshots ----

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document document = toStoredEvent(snapshot, serializer, 0, null).toDocument()
                .append(StoredEvent.ID, snapshot.getAggregateIdentifier());
        // Key lookups only: a filter on _id and the sequence (as this was) is answered by the embedded server by
        // reading every snapshot. A snapshot is a cache of the events: should two snapshotters of one customer
        // race between the read and the write, the older one left behind is still right, only less recent.
        String id = snapshot.getAggregateIdentifier();
        Document current = snapshots.find(eq(StoredEvent.ID, id)).projection(new Document(StoredEvent.SEQUENCE, 1))
                .first();
        if (current == null) {
            try {
                snapshots.insertOne(document);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        } else if (current.get(StoredEvent.SEQUENCE, Number.class).longValue() < snapshot.getSequenceNumber()) {
            snapshots.replaceOne(eq(StoredEvent.ID, id), document);
        }
        snapshotsStored = true;
    }

    /**
     * An aggregate's snapshot, if it has one. A service whose aggregates are never snapshotted (messages) would ask
     * for one at every load and find none; so the store is asked whether it holds any snapshot at all, once a minute
     * until it does. An aggregate loaded without its snapshot is still right: no event is removed once snapshotted,
     * so it is folded from its first event (another replica's first snapshot is seen within the minute).
     */
    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        if (!snapshotsStored) {
            long now = System.nanoTime();
            if (now - lookedForSnapshotsAt < LOOK_FOR_SNAPSHOTS_NANOS) {
                return Stream.empty();
            }
            lookedForSnapshotsAt = now;
            snapshotsStored = snapshots.find(gte(StoredEvent.ID, "")).projection(new Document(StoredEvent.ID, 1))
                    .limit(1).first() != null; // the first key of the _id index, not a scan
            if (!snapshotsStored) {
                return Stream.empty();
            }
        }
        Document document = snapshots.find(eq(StoredEvent.ID, aggregateIdentifier)).first();
        return document == null ? Stream.empty() : Stream.of(StoredEvent.fromDocument(document));
    }

    // ---- aggregates ----

    /**
     * The events of an aggregate from {@code firstSequenceNumber}, at most {@code batchSize}: asked for in windows
     * that grow while they come back full, so that a new or short aggregate costs a few key lookups rather than
     * {@code batchSize} of them (each missing key is a lookup too).
     */
    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber, int batchSize) {
        List<StoredEvent> found = new ArrayList<>(Math.min(batchSize, MAX_KEYS_PER_QUERY));
        long end = firstSequenceNumber + batchSize;
        long next = firstSequenceNumber;
        int window = FIRST_AGGREGATE_WINDOW;
        while (next < end) {
            long to = Math.min(end, next + window);
            List<String> keys = new ArrayList<>((int) (to - next));
            for (long sequence = next; sequence < to; sequence++) {
                keys.add(StoredEvent.key(aggregateIdentifier, sequence));
            }
            int before = found.size();
            events.find(in(StoredEvent.ID, keys)).forEach(d -> found.add(StoredEvent.fromDocument(d)));
            if (found.size() - before < keys.size()) {
                break;
            }
            next = to;
            window = Math.min(window * 4, MAX_KEYS_PER_QUERY);
        }
        found.sort(Comparator.comparingLong(StoredEvent::sequenceNumber));
        return found;
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        Optional<Long> last = readSnapshotData(aggregateIdentifier).findFirst().map(DomainEventData::getSequenceNumber);
        long next = last.map(s -> s + 1).orElse(0L);
        while (true) {
            List<? extends DomainEventData<?>> batch = fetchDomainEvents(aggregateIdentifier, next, batchSize());
            if (batch.isEmpty()) {
                return last;
            }
            last = Optional.of(batch.get(batch.size() - 1).getSequenceNumber());
            next = last.get() + 1;
        }
    }

    // ---- tracking ----

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        GapAwareTrackingToken previous = asGapAwareToken(lastToken);
        long index = previous.getIndex();
        SortedSet<Long> gaps = previous.getGaps();
        List<Long> probedGaps = gaps.stream().limit(batchSize).toList();
        Map<Long, Long> followerOfGap = followers(probedGaps, gaps, index);

        List<Long> wanted = new ArrayList<>(probedGaps);
        followerOfGap.values().stream().distinct().forEach(wanted::add);
        // Positions above the head are not reserved yet: a caught-up reader asks only for what was appended since.
        long head = head();
        long windowStart = index + 1;
        long windowEnd = Math.min(index + batchSize, head);
        addRange(wanted, windowStart, windowEnd);
        Map<Long, StoredEvent> found = findByPositions(wanted);

        while (!found.keySet().stream().anyMatch(p -> p > index)) {
            if (windowEnd >= head) {
                break;
            }
            // A whole window of unused positions below the head: look further rather than stop here.
            windowStart = windowEnd + 1;
            windowEnd = Math.min(windowEnd + batchSize, head);
            List<Long> window = new ArrayList<>();
            addRange(window, windowStart, windowEnd);
            found.putAll(findByPositions(window));
        }

        Instant timedOutBefore = GenericEventMessage.clock.instant().minus(gapTimeout);
        SortedSet<Long> keptGaps = new TreeSet<>(gaps);
        for (Long gap : probedGaps) {
            StoredEvent follower = found.get(followerOfGap.get(gap));
            if (!found.containsKey(gap) && follower != null && recordedAt(follower).isBefore(timedOutBefore)) {
                log.warn("Position {} was reserved but never written within {}; tracking processors skip it",
                        gap, gapTimeout);
                keptGaps.remove(gap);
            }
        }

        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(index, keptGaps);
        List<StoredEvent> candidates = found.values().stream()
                .filter(e -> e.globalIndex() > index || keptGaps.contains(e.globalIndex()))
                .sorted(Comparator.comparingLong(StoredEvent::globalIndex)).toList();
        Map<String, Long> positionOfPredecessor = predecessorPositions(candidates);
        Set<String> delivered = new HashSet<>();
        List<TrackedEventData<?>> result = new ArrayList<>(candidates.size());
        for (StoredEvent event : candidates) {
            if (!predecessorDelivered(event, positionOfPredecessor, delivered, index, keptGaps)) {
                // Its aggregate's previous event is not readable yet (still being written, or read as a gap of
                // this pass): held back, it stays a gap of the token and comes after it, in aggregate order.
                continue;
            }
            delivered.add(StoredEvent.key(event.aggregateIdentifier(), event.sequenceNumber()));
            token = token.advanceTo(event.globalIndex(), maxGapOffset);
            if (recordedAt(event).isBefore(timedOutBefore)) {
                token = token.withGapsTruncatedAt(event.globalIndex());
            }
            result.add(new TrackedDomainEventData<>(token, event));
        }
        return result;
    }

    /**
     * Where the previous event of each candidate's aggregate is stored, when it is not among the candidates:
     * one key lookup for the batch. Missing entries mean it is not readable (yet).
     */
    private Map<String, Long> predecessorPositions(List<StoredEvent> candidates) {
        Set<String> inBatch = new HashSet<>();
        candidates.forEach(e -> inBatch.add(StoredEvent.key(e.aggregateIdentifier(), e.sequenceNumber())));
        List<String> wanted = new ArrayList<>();
        for (StoredEvent event : candidates) {
            if (event.sequenceNumber() > 0) {
                String previous = StoredEvent.key(event.aggregateIdentifier(), event.sequenceNumber() - 1);
                if (!inBatch.contains(previous)) {
                    wanted.add(previous);
                }
            }
        }
        Map<String, Long> positions = new HashMap<>();
        for (List<String> chunk : chunks(wanted)) {
            events.find(in(StoredEvent.ID, chunk)).projection(new Document(StoredEvent.GLOBAL_INDEX, 1))
                    .forEach(d -> positions.put(d.getString(StoredEvent.ID),
                            d.get(StoredEvent.GLOBAL_INDEX, Number.class).longValue()));
        }
        return positions;
    }

    /**
     * Whether a tracking reader has had (or gets in this batch, before it) the event preceding {@code event} in its
     * aggregate. An append's documents become readable one by one, and a batch reads its positions in several
     * queries, so a later event of an aggregate can be readable before an earlier one; readers must still see each
     * aggregate's events in order.
     */
    private static boolean predecessorDelivered(StoredEvent event, Map<String, Long> positionOfPredecessor,
                                                Set<String> delivered, long index, SortedSet<Long> gaps) {
        if (event.sequenceNumber() == 0) {
            return true;
        }
        String previous = StoredEvent.key(event.aggregateIdentifier(), event.sequenceNumber() - 1);
        if (delivered.contains(previous)) {
            return true;
        }
        Long position = positionOfPredecessor.get(previous);
        return position != null && position <= index && !gaps.contains(position);
    }

    /** For each gap, the first position after it that is not a gap: an event known to exist. */
    private static Map<Long, Long> followers(List<Long> probedGaps, SortedSet<Long> gaps, long index) {
        Map<Long, Long> followers = new HashMap<>();
        for (Long gap : probedGaps) {
            long next = gap + 1;
            while (next < index && gaps.contains(next)) {
                next++;
            }
            followers.put(gap, next);
        }
        return followers;
    }

    private static Instant recordedAt(StoredEvent event) {
        return event.recordedAt() == null ? event.timestamp() : event.recordedAt();
    }

    private static void addRange(List<Long> target, long from, long to) {
        for (long position = from; position <= to; position++) {
            target.add(position);
        }
    }

    private Map<Long, StoredEvent> findByPositions(List<Long> wanted) {
        Map<Long, StoredEvent> found = new HashMap<>(wanted.size() * 2);
        for (List<Long> chunk : chunks(wanted)) {
            events.find(in(StoredEvent.GLOBAL_INDEX, chunk)).forEach(d -> {
                StoredEvent event = StoredEvent.fromDocument(d);
                found.put(event.globalIndex(), event);
            });
        }
        return found;
    }

    /** The highest reserved position: events up to it are stored, in flight, or gaps. */
    public long head() {
        Document counter = positions.find(eq(StoredEvent.ID, HEAD)).first();
        return counter == null ? 0 : counter.get(VALUE, Number.class).longValue();
    }

    private static GapAwareTrackingToken asGapAwareToken(TrackingToken token) {
        if (token == null) {
            return GapAwareTrackingToken.newInstance(0, List.of());
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware;
        }
        throw new IllegalArgumentException("Expected a GapAwareTrackingToken but got " + token.getClass().getName());
    }

    @Override
    public TrackingToken createTailToken() {
        return GapAwareTrackingToken.newInstance(0, List.of());
    }

    @Override
    public TrackingToken createHeadToken() {
        return GapAwareTrackingToken.newInstance(head(), List.of());
    }

    /** The token just before the first event recorded at or after {@code dateTime}: a binary search over positions. */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        long low = 1;
        long high = head();
        long firstAtOrAfter = high + 1;
        while (low <= high) {
            long middle = (low + high) >>> 1;
            StoredEvent probe = firstEventFrom(middle, high);
            if (probe == null) {
                high = middle - 1;
            } else if (recordedAt(probe).isBefore(dateTime)) {
                low = probe.globalIndex() + 1;
            } else {
                firstAtOrAfter = probe.globalIndex();
                high = middle - 1;
            }
        }
        return GapAwareTrackingToken.newInstance(firstAtOrAfter - 1, List.of());
    }

    private StoredEvent firstEventFrom(long from, long to) {
        for (long start = from; start <= to; start += MAX_KEYS_PER_QUERY) {
            List<Long> window = new ArrayList<>();
            addRange(window, start, Math.min(start + MAX_KEYS_PER_QUERY - 1, to));
            Optional<StoredEvent> first = findByPositions(window).values().stream()
                    .min(Comparator.comparingLong(StoredEvent::globalIndex));
            if (first.isPresent()) {
                return first.get();
            }
        }
        return null;
    }

    // ---- bulk read for rebuilds ----

    /**
     * Every event in the store in one pass of a cursor, each aggregate's events in sequence order (aggregates
     * interleaved as the store returns them), upcast and deserialized. Far cheaper than a tracking processor for a
     * full rebuild of a read model; the tracking token of each event holds its global position.
     */
    public Stream<TrackedEventMessage<?>> readAllEvents(int cursorBatchSize) {
        Iterator<Document> documents = events.find().batchSize(cursorBatchSize).iterator();
        Stream<TrackedEventData<?>> inAggregateOrder = new AggregateOrderedStream(documents).stream();
        return EventUtils.upcastAndDeserializeTrackedEvents(inAggregateOrder, getEventSerializer(), upcasterChain);
    }


    private static <T> List<List<T>> chunks(List<T> keys) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += MAX_KEYS_PER_QUERY) {
            chunks.add(keys.subList(i, Math.min(keys.size(), i + MAX_KEYS_PER_QUERY)));
        }
        return chunks;
    }

    /** Two writers of one aggregate sequence collide on {@code _id}: Axon's concurrency exception follows. */
    static boolean isDuplicateKey(Exception exception) {
        if (exception instanceof MongoBulkWriteException bulk) {
            return bulk.getWriteErrors().stream()
                    .anyMatch(e -> ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY
                            && !e.getMessage().contains(StoredEvent.GLOBAL_INDEX));
        }
        return exception instanceof MongoException mongo
                && ErrorCategory.fromErrorCode(mongo.getCode()) == ErrorCategory.DUPLICATE_KEY
                && !String.valueOf(mongo.getMessage()).contains(StoredEvent.GLOBAL_INDEX);
    }

    private static boolean isPositionCollision(BulkWriteError error) {
        return ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY
                && error.getMessage().contains(StoredEvent.GLOBAL_INDEX);
    }

    /** One caller's append, queued to be written together with others'. */
    private static final class PendingAppend {

        final List<? extends EventMessage<?>> events;
        /** Serialized by the appending thread before it queues, so the writer holding the lock only writes. */
        final List<Document> documents;
        boolean done;
        MongoException failure;
        int failedAt;

        PendingAppend(List<? extends EventMessage<?>> events, Serializer serializer) {
            this.events = events;
            this.documents = toDocuments(events, serializer);
        }

        void fail(MongoException exception, int index) {
            failure = exception;
            failedAt = index;
            done = true;
        }
    }

    /** Builds the engine; a database and both serializers are required. */
    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private Duration gapTimeout = Duration.ofSeconds(60);
        private int maxGapOffset = 10_000;
        private IntConsumer appended = count -> { };

        Builder() {
            persistenceExceptionResolver(MongoEventStorageEngine::isDuplicateKey);
        }

        public Builder database(MongoDatabase database) {
            this.database = database;
            return this;
        }

        /** How long a reserved but unwritten position is waited for, measured from the recording of a later event. */
        public Builder gapTimeout(Duration gapTimeout) {
            this.gapTimeout = gapTimeout;
            return this;
        }

        /** Told how many events each successful append stored (for metrics). */
        public Builder onAppended(IntConsumer appended) {
            this.appended = appended;
            return this;
        }

        /** How far behind the newest position a gap is still remembered. */
        public Builder maxGapOffset(int maxGapOffset) {
            this.maxGapOffset = maxGapOffset;
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            super.validate();
            if (database == null) {
                throw new AxonConfigurationException("A MongoDatabase is required for the MongoEventStorageEngine");
            }
        }

        public MongoEventStorageEngine build() {
            validate();
            return new MongoEventStorageEngine(this);
        }
    }

    /** Orders events per aggregate when the store's natural order does not (e.g. the H2 backend orders by _id). */
    private static final class AggregateOrderedStream {

        private final Iterator<Document> documents;
        private final Map<String, Long> nextSequence = new HashMap<>();
        private final Map<String, SortedSet<StoredEvent>> waiting = new HashMap<>();
        private final java.util.ArrayDeque<StoredEvent> ready = new java.util.ArrayDeque<>();

        AggregateOrderedStream(Iterator<Document> documents) {
            this.documents = documents;
        }

        Stream<TrackedEventData<?>> stream() {
            Iterator<TrackedEventData<?>> iterator = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    fill();
                    return !ready.isEmpty();
                }

                @Override
                public TrackedEventData<?> next() {
                    fill();
                    StoredEvent event = ready.removeFirst();
                    return new TrackedDomainEventData<>(
                            GapAwareTrackingToken.newInstance(event.globalIndex(), List.of()), event);
                }
            };
            return java.util.stream.StreamSupport.stream(
                    java.util.Spliterators.spliteratorUnknownSize(iterator, java.util.Spliterator.ORDERED), false);
        }

        private void fill() {
            while (ready.isEmpty() && documents.hasNext()) {
                accept(StoredEvent.fromDocument(documents.next()));
            }
            if (ready.isEmpty() && !waiting.isEmpty()) {
                // Sequence numbers missing from the store: hand over what is there, in order, rather than lose it.
                waiting.forEach((aggregate, events) -> {
                    log.warn("Aggregate {} has events from sequence {} but not before", aggregate,
                            events.first().sequenceNumber());
                    ready.addAll(events);
                });
                waiting.clear();
            }
        }

        private void accept(StoredEvent event) {
            if (event.aggregateIdentifier() == null) {
                ready.add(event);
                return;
            }
            String aggregate = event.aggregateIdentifier();
            long expected = nextSequence.getOrDefault(aggregate, 0L);
            if (event.sequenceNumber() != expected) {
                waiting.computeIfAbsent(aggregate, a -> new TreeSet<>(Comparator.comparingLong(StoredEvent::sequenceNumber)))
                        .add(event);
                return;
            }
            ready.add(event);
            expected++;
            SortedSet<StoredEvent> pending = waiting.get(aggregate);
            while (pending != null && !pending.isEmpty() && pending.first().sequenceNumber() == expected) {
                ready.add(pending.first());
                pending.remove(pending.first());
                expected++;
            }
            if (pending != null && pending.isEmpty()) {
                waiting.remove(aggregate);
            }
            nextSequence.put(aggregate, expected);
        }
    }
}
