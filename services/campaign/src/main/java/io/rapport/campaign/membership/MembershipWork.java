package io.rapport.campaign.membership;

import static com.mongodb.client.model.Filters.eq;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.query.SegmentProjection;
import io.rapport.campaign.rules.SegmentRule;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.RelationshipChange;
import io.rapport.proto.relationship.v1.WatchChangesRequest;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs membership work outside the event processors: backfills of defined or changed segments (queued in
 * {@code segment_backfills}, so a restart loses none), and per workspace a follower of the relationship change
 * feed (its resume token in {@code membership_feeds}) that re-evaluates each changed customer, several at once
 * ({@link ChangeLanes}: a customer's changes in order, those that queued up together once). A follower's first
 * start asks for the changes from its start on (less ten seconds' margin), and skips any earlier one it is handed:
 * the backfill that follows covers them. Segments
 * whose rule reads the clock are worked out afresh at an interval.
 */
public class MembershipWork implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MembershipWork.class);
    private static final Duration MARGIN = Duration.ofSeconds(10);
    private static final Duration RECONNECT = Duration.ofSeconds(2);
    /** How many changes a follower may have handed to its lanes and not yet passed. */
    private static final int WINDOW = 1_000;

    private final MembershipKeeper keeper;
    private final SegmentProjection segments;
    private final RelationshipCalls relationships;
    private final MongoCollection<Document> backfills;
    private final MongoCollection<Document> feeds;
    private final Duration reevaluateEvery;
    private final int lanesPerFeed;
    private final List<CustomerChangeListener> listeners;
    private final Map<String, Context.CancellableContext> followers = new ConcurrentHashMap<>();
    /** Rules parsed once, not for every change the followers see (a rule's text is its identity). */
    private final Map<String, SegmentRule> rules = new ConcurrentHashMap<>();
    private ScheduledExecutorService backfiller;
    private ExecutorService following;
    private volatile boolean running;

    /**
     * @param reevaluateEvery how often segments whose rule reads the clock ({@code now()}) are worked out afresh
     * @param lanesPerFeed    how many customers a workspace's follower works at once
     * @param listeners       told of every changed customer after their segments are
     */
    public MembershipWork(MembershipKeeper keeper, SegmentProjection segments, RelationshipCalls relationships,
                          MongoDatabase database, Duration reevaluateEvery, int lanesPerFeed,
                          List<CustomerChangeListener> listeners) {
        this.lanesPerFeed = lanesPerFeed;
        this.listeners = List.copyOf(listeners);
        this.reevaluateEvery = reevaluateEvery;
        this.keeper = keeper;
        this.segments = segments;
        this.relationships = relationships;
        this.backfills = database.getCollection("segment_backfills");
        this.feeds = database.getCollection("membership_feeds");
    }

    /** The segment's membership is to be worked out afresh (it was defined, or its rule changed). */
    public void requestBackfill(String tenant, String segmentId) {
        backfills.replaceOne(eq("_id", segmentId), new Document("_id", segmentId).append("tenant", tenant)
                .append("at", new Date()), new ReplaceOptions().upsert(true));
        if (backfiller != null) {
            backfiller.execute(this::runBackfills);
        }
    }

    @Override
    public void start() {
        running = true;
        backfiller = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("segment-backfill-"));
        following = Executors.newCachedThreadPool(new CustomizableThreadFactory("segment-feed-"));
        backfiller.scheduleWithFixedDelay(this::runBackfills, 0, 5, TimeUnit.SECONDS);
        backfiller.execute(() -> segments.tenants().forEach(this::follow));
        backfiller.scheduleWithFixedDelay(this::reevaluateClockRules, reevaluateEvery.toMillis(),
                reevaluateEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A rule such as {@code last_purchase_at > now() - 90d} selects other customers as time passes. */
    private void reevaluateClockRules() {
        try {
            for (String tenant : segments.tenants()) {
                segments.all(tenant).stream().filter(segment -> rule(segment.rule()).readsTheClock())
                        .forEach(segment -> requestBackfill(tenant, WorkspaceIds.of(tenant, segment.segmentId())));
            }
        } catch (RuntimeException e) {
            log.warn("Looking for segments to work out afresh failed; trying again at the next interval", e);
        }
    }

    private void runBackfills() {
        try {
            // A follower that died (an Error in its thread) is started again here within seconds.
            segments.tenants().forEach(this::follow);
            for (Document request : backfills.find().into(new ArrayList<>())) {
                String tenant = request.getString("tenant");
                String segmentId = request.getString("_id");
                follow(tenant);
                segments.all(tenant).stream().filter(s -> WorkspaceIds.of(tenant, s.segmentId()).equals(segmentId))
                        .findFirst().ifPresent(segment -> keeper.backfill(tenant,
                                new MembershipKeeper.SegmentRef(segmentId, rule(segment.rule()))));
                backfills.deleteOne(eq("_id", segmentId));
            }
        } catch (RuntimeException e) {
            log.warn("Working out segment membership failed; trying again shortly", e);
        }
    }

    /** Starts the workspace's follower unless it runs. */
    public void follow(String tenant) {
        if (!running || followers.containsKey(tenant)) {
            return;
        }
        feeds.updateOne(eq("_id", tenant), Updates.setOnInsert("since", Date.from(Instant.now().minus(MARGIN))),
                new UpdateOptions().upsert(true));
        Context.CancellableContext context = Context.ROOT.withCancellation();
        if (followers.putIfAbsent(tenant, context) == null) {
            following.execute(() -> context.run(() -> followForever(tenant, context)));
        }
    }

    private void followForever(String tenant, Context.CancellableContext context) {
        try {
            followUntilStopped(tenant, context);
        } finally {
            followers.remove(tenant, context);
        }
    }

    private void followUntilStopped(String tenant, Context.CancellableContext context) {
        Throughput throughput = new Throughput(tenant);
        while (running && !context.isCancelled()) {
            try {
                Document feed = feeds.find(eq("_id", tenant)).first();
                Instant since = feed.getDate("since").toInstant();
                String token = feed.getString("token");
                // A new feed starts at its margin, not at the store's first change: the backfill covers the rest.
                WatchChangesRequest.Builder from = token == null
                        ? WatchChangesRequest.newBuilder().setStartTime(ProtoTime.timestamp(since))
                        : WatchChangesRequest.newBuilder().setResumeToken(token);
                Iterator<RelationshipChange> changes = relationships.asWithoutDeadline(tenant)
                        .watchChanges(from.build());
                ChangeLanes lanes = new ChangeLanes(following, lanesPerFeed, WINDOW,
                        (customer, version, changed) -> {
                            long started = System.nanoTime();
                            changed(tenant, customer, version, changed);
                            throughput.add(System.nanoTime() - started);
                        },
                        resumeToken -> feeds.updateOne(eq("_id", tenant), Updates.set("token", resumeToken)));
                try {
                    while (changes.hasNext()) {
                        RelationshipChange change = changes.next();
                        if (change.getRecordTime().getSeconds() >= since.getEpochSecond()) {
                            lanes.add(change.getCustomerId(), change.getVersion(), change.getChangedList(),
                                    change.getResumeToken());
                        } else {
                            lanes.skip(change.getResumeToken());
                        }
                    }
                } finally {
                    lanes.finish();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StatusRuntimeException e) {
                if (running && !context.isCancelled()) {
                    log.info("Following the relationship changes of {} stopped ({}); again in {}", tenant,
                            e.getStatus(), RECONNECT);
                    sleep();
                }
            } catch (RuntimeException e) {
                if (!running || context.isCancelled()) {
                    break;
                }
                // Whatever went wrong, the follower must not die: it is the only one the workspace has.
                log.warn("Following the relationship changes of {} failed; again in {}", tenant, RECONNECT, e);
                sleep();
            }
        }
    }

    /** A customer changed (one or more changes, the latest at {@code version}): their segments, then the listeners. */
    private void changed(String tenant, String customerId, long version, Set<String> what)
            throws InterruptedException {
        Relationship view = keeper.refresh(tenant, customerId, version, refs(tenant));
        for (CustomerChangeListener listener : listeners) {
            listener.changed(tenant, customerId, view, what);
        }
    }

    /** Logs how fast a follower works, every hundred customers. */
    private final class Throughput {

        private final String tenant;
        private final AtomicLong worked = new AtomicLong();
        private final AtomicLong workedNanos = new AtomicLong();

        Throughput(String tenant) {
            this.tenant = tenant;
        }

        void add(long nanos) {
            long total = workedNanos.addAndGet(nanos);
            long count = worked.incrementAndGet();
            if (count % 100 == 0) {
                log.info("Followed the changes of {} customers of {} ({} ms each on average, {} lanes)", count, tenant,
                        total / count / 1_000_000, lanesPerFeed);
            }
        }
    }

    private List<MembershipKeeper.SegmentRef> refs(String tenant) {
        return segments.all(tenant).stream().map(segment -> new MembershipKeeper.SegmentRef(
                WorkspaceIds.of(tenant, segment.segmentId()), rule(segment.rule()))).toList();
    }

    private SegmentRule rule(String text) {
        return rules.computeIfAbsent(text, SegmentRule::parse);
    }

    private static void sleep() {
        try {
            Thread.sleep(RECONNECT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        followers.values().forEach(context -> context.cancel(null));
        backfiller.shutdownNow();
        following.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
