package io.rapport.relationship.query;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.platform.store.MongoEventStorageEngine;
import io.rapport.relationship.api.FindReplayQuery;
import io.rapport.relationship.api.ReplayJob;
import io.rapport.relationship.api.StartReplayCommand;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the relationship views while the service keeps answering from the live ones: a bulk pass over the
 * store into a new collection, a catch-up over what was recorded meanwhile, then a short pause of the live
 * projection to fold the last events in and switch. Folding is idempotent per customer, so the overlapping
 * catch-up windows cost a little time and never a wrong count.
 */
@Component
public class ViewReplays {

    private static final Logger log = LoggerFactory.getLogger(ViewReplays.class);
    /** How far before the bulk pass the catch-up starts reading: covers appends in flight when it began. */
    private static final Duration CATCH_UP_OVERLAP = Duration.ofMinutes(1);
    private static final int CATCH_UP_BATCH = 1_000;

    private final RelationshipViewRebuilder rebuilder;
    private final MongoEventStorageEngine eventStore;
    private final ActiveViews active;
    private final EventProcessingConfiguration processing;
    private final MongoCollection<Document> jobs;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "view-replay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<Progress> current = new AtomicReference<>();

    public ViewReplays(RelationshipViewRebuilder rebuilder, MongoEventStorageEngine eventStore, ActiveViews active,
                       EventProcessingConfiguration processing, MongoDatabase database) {
        this.rebuilder = rebuilder;
        this.eventStore = eventStore;
        this.active = active;
        this.processing = processing;
        this.jobs = database.getCollection("replay_jobs");
        this.clock = Clock.systemUTC();
        for (Document interrupted : jobs.find(eq("status", "RUNNING"))) {
            new RelationshipViewStore(database, interrupted.getString("collection")).dropCollection();
        }
        jobs.updateMany(eq("status", "RUNNING"), Updates.combine(Updates.set("status", "FAILED"),
                Updates.set("error", "interrupted by a restart; the live views were kept: start a new replay"),
                Updates.set("finishedAt", new Date())));
    }

    @CommandHandler
    public ReplayJob handle(StartReplayCommand command) {
        Progress progress = new Progress(UUID.randomUUID().toString(), clock.instant(), eventStore.head());
        if (!current.compareAndSet(null, progress)) {
            throw RequestRejectedException.failedPrecondition("replay " + current.get().id
                    + " is still running; wait for it to finish");
        }
        save(progress);
        log.info("Replay {} of the relationship views requested by {}", progress.id, command.requestedBy());
        runner.submit(() -> run(progress));
        return progress.snapshot();
    }

    @QueryHandler
    public ReplayJob handle(FindReplayQuery query) {
        Progress running = current.get();
        if (running != null && running.id.equals(query.id())) {
            return running.snapshot();
        }
        Document document = jobs.find(eq("_id", query.id())).first();
        return document == null ? null : fromDocument(document);
    }

    private void run(Progress progress) {
        RelationshipViewStore target = null;
        try {
            String collection = "relationship_views_" + progress.id.substring(0, 8);
            progress.collection = collection;
            TrackingToken catchUpFrom = eventStore.createTokenAt(progress.startedAt.minus(CATCH_UP_OVERLAP));
            rebuilder.rebuildInto(collection, done -> progress.eventsDone = done, progress::unapplied);
            target = new RelationshipViewStore(active.database(), collection);
            progress.phase = "CATCHING_UP";
            save(progress);
            TrackingToken caughtUp = catchUp(target, catchUpFrom, progress);

            progress.phase = "SWITCHING";
            save(progress);
            TrackingEventProcessor live = processing.eventProcessor(RelationshipViewProjection.PROCESSING_GROUP,
                    TrackingEventProcessor.class).orElseThrow();
            String previous = active.collection();
            live.shutDown();
            try {
                catchUp(target, caughtUp, progress);
                active.switchTo(collection);
            } finally {
                live.start();
            }
            if (!previous.equals(collection)) {
                new RelationshipViewStore(active.database(), previous).dropCollection();
            }
            progress.phase = "DONE";
            progress.finish("SUCCEEDED", null, clock.instant());
            log.info("Replay {} switched the views to {} after {} events", progress.id, collection, progress.eventsDone);
        } catch (RuntimeException e) {
            log.warn("Replay {} failed; the live views are unchanged", progress.id, e);
            if (target != null && !target.collectionName().equals(active.collection())) {
                target.dropCollection();
            }
            progress.finish("FAILED", e.getMessage(), clock.instant());
        } finally {
            save(progress);
            current.set(null);
        }
    }

    /** Folds every event after {@code from} into {@code target}; answers the token of the last one. */
    private TrackingToken catchUp(RelationshipViewStore target, TrackingToken from, Progress progress) {
        TrackingToken last = from;
        ViewBatch batch = new ViewBatch(target, id -> eventStore.readEvents(id));
        int pending = 0;
        try (var events = eventStore.readEvents(from, false)) {
            var iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                if (event instanceof DomainEventMessage<?> domain) {
                    try {
                        batch.add(domain.getAggregateIdentifier(), domain.getPayload(), domain.getSequenceNumber(),
                                domain.getTimestamp());
                    } catch (RuntimeException e) {
                        progress.unapplied(domain, e);
                    }
                }
                last = event.trackingToken();
                progress.caughtUp++;
                if (++pending == CATCH_UP_BATCH) {
                    batch.flush();
                    pending = 0;
                }
            }
        }
        batch.flush();
        return last;
    }

    private static final class Progress {
        final String id;
        final Instant startedAt;
        final long eventsTotal;
        volatile String phase = "REBUILDING";
        volatile String status = "RUNNING";
        volatile long eventsDone;
        volatile long caughtUp;
        volatile String collection;
        volatile String error;
        volatile Instant finishedAt;
        final AtomicLong unapplied = new AtomicLong();

        Progress(String id, Instant startedAt, long eventsTotal) {
            this.id = id;
            this.startedAt = startedAt;
            this.eventsTotal = eventsTotal;
        }

        void unapplied(DomainEventMessage<?> event, RuntimeException cause) {
            unapplied.incrementAndGet();
            log.warn("Replay {}: event {} of {} could not be applied and is left out: {}", id,
                    event.getSequenceNumber(), event.getAggregateIdentifier(), cause.getMessage());
        }

        void finish(String outcome, String failure, Instant at) {
            error = failure;
            finishedAt = at;
            status = outcome;
        }

        ReplayJob snapshot() {
            Instant end = finishedAt != null ? finishedAt : Instant.now();
            double seconds = Math.max(0.001, Duration.between(startedAt, end).toMillis() / 1000.0);
            long done = eventsDone + caughtUp;
            double rate = done / seconds;
            Long eta = "RUNNING".equals(status) && rate > 0
                    ? Math.max(0, Math.round((eventsTotal - Math.min(eventsDone, eventsTotal)) / rate)) : null;
            return new ReplayJob(id, status, phase, done, eventsTotal, rate, eta, startedAt, finishedAt, collection,
                    error, unapplied.get());
        }
    }

    private void save(Progress progress) {
        ReplayJob job = progress.snapshot();
        jobs.replaceOne(eq("_id", job.id()), new Document("_id", job.id()).append("status", job.status())
                .append("phase", job.phase()).append("eventsDone", job.eventsDone())
                .append("eventsTotal", job.eventsTotal()).append("eventsPerSecond", job.eventsPerSecond())
                .append("startedAt", Date.from(job.startedAt()))
                .append("finishedAt", job.finishedAt() == null ? null : Date.from(job.finishedAt()))
                .append("collection", job.collection()).append("error", job.error())
                .append("eventsUnapplied", job.eventsUnapplied()), new ReplaceOptions().upsert(true));
    }

    private static ReplayJob fromDocument(Document d) {
        return new ReplayJob(d.getString("_id"), d.getString("status"), d.getString("phase"), d.getLong("eventsDone"),
                d.getLong("eventsTotal"), d.getDouble("eventsPerSecond"), null, d.getDate("startedAt").toInstant(),
                d.getDate("finishedAt") == null ? null : d.getDate("finishedAt").toInstant(), d.getString("collection"),
                d.getString("error"), d.get("eventsUnapplied", 0L));
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
