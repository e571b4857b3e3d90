package io.rapport.campaign.fanout;

import static com.mongodb.client.model.Filters.eq;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rapport.campaign.api.CampaignDefinition;
import io.rapport.campaign.api.CampaignView;
import io.rapport.campaign.api.CancelCampaignCommand;
import io.rapport.campaign.api.CompleteCampaignCommand;
import io.rapport.campaign.api.FixAudienceCommand;
import io.rapport.campaign.api.Schedule;
import io.rapport.campaign.api.StartCampaignCommand;
import io.rapport.campaign.api.Variant;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.delivery.Assignment;
import io.rapport.campaign.delivery.ChannelChoice;
import io.rapport.campaign.delivery.MessagingCalls;
import io.rapport.campaign.delivery.SendKeys;
import io.rapport.campaign.delivery.SendTimes;
import io.rapport.campaign.membership.RelationshipCalls;
import io.rapport.campaign.query.CampaignProjection;
import io.rapport.campaign.query.SegmentProjection;
import io.rapport.campaign.report.Outcomes;
import io.rapport.campaign.rules.CustomerAttributes;
import io.rapport.campaign.rules.SegmentRule;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.StreamRelationshipsRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs campaigns outside the event processors, on its own threads. A scheduled campaign whose time has come is
 * started; its audience is worked out once over every customer's view (the segment's rule, then variant or control
 * group, channel and send time per person) into {@code campaign_queue} (batches of up to 1,000 people per send
 * time) and {@code outcomes}, with a checkpoint every 10,000 customers in {@code campaign_progress}; then each
 * send time's batches go to messaging as it comes, many sends at once, a batch's place saved after the batch. A
 * restart resumes at the last checkpoint or batch: what is repeated carries the same idempotency keys, so messaging
 * sends nothing twice.
 */
public class CampaignRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CampaignRunner.class);
    private static final int BATCH = 1_000;
    private static final int CHECKPOINT = 10_000;
    private static final Duration STREAM_DEADLINE = Duration.ofHours(2);

    private final CampaignProjection campaigns;
    private final SegmentProjection segments;
    private final RelationshipCalls relationships;
    private final MessagingCalls messaging;
    private final Outcomes outcomes;
    private final CommandGateway commands;
    private final MongoCollection<Document> progress;
    private final MongoCollection<Document> queue;
    private final Duration pollEvery;
    private final int concurrency;
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private ScheduledExecutorService runner;
    private ExecutorService senders;
    private volatile boolean running;

    public CampaignRunner(CampaignProjection campaigns, SegmentProjection segments, RelationshipCalls relationships,
                          MessagingCalls messaging, Outcomes outcomes, CommandGateway commands,
                          MongoDatabase database, Duration pollEvery, int concurrency) {
        this.campaigns = campaigns;
        this.segments = segments;
        this.relationships = relationships;
        this.messaging = messaging;
        this.outcomes = outcomes;
        this.commands = commands;
        this.progress = database.getCollection("campaign_progress");
        this.queue = database.getCollection("campaign_queue");
        this.pollEvery = pollEvery;
        this.concurrency = concurrency;
    }

    @Override
    public void start() {
        running = true;
        runner = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("campaign-runner-"));
        senders = Executors.newFixedThreadPool(concurrency, new CustomizableThreadFactory("campaign-send-"));
        runner.scheduleWithFixedDelay(this::runOnce, 0, pollEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts what is due, then works on every running campaign. */
    void runOnce() {
        try {
            Instant now = Instant.now();
            for (CampaignView campaign : campaigns.inStatus("SCHEDULED")) {
                if (!campaign.startAt().isAfter(now)) {
                    commands.sendAndWait(new StartCampaignCommand(internalId(campaign)));
                }
            }
            for (CampaignView campaign : campaigns.inStatus("RUNNING")) {
                if (running) {
                    work(campaign);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Running campaigns failed; trying again in {}", pollEvery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void work(CampaignView campaign) throws InterruptedException {
        String id = internalId(campaign);
        Document state = progress.find(eq("_id", id)).first();
        if (state == null || !state.getBoolean("done", false)) {
            state = workOutAudience(campaign, state);
            if (state == null) {
                return;
            }
        }
        if (send(campaign, state)) {
            commands.sendAndWait(new CompleteCampaignCommand(id));
        }
    }

    /** The audience, from the last checkpoint on; null when the campaign cannot run (it is cancelled). */
    private Document workOutAudience(CampaignView campaign, Document state) {
        String id = internalId(campaign);
        CampaignDefinition definition = campaign.definition();
        var segment = segments.all(campaign.tenant()).stream()
                .filter(s -> s.segmentId().equals(definition.segmentId())).findFirst();
        if (segment.isEmpty()) {
            commands.sendAndWait(new CancelCampaignCommand(id, "segment '" + definition.segmentId()
                    + "' does not exist"));
            return null;
        }
        long started = System.nanoTime();
        Audience audience = new Audience(campaign, state);
        SegmentRule rule = SegmentRule.parse(segment.get().rule());
        Instant now = Instant.now();
        // A pass cut short (a restart) goes on after the last customer it checkpointed.
        Iterator<Relationship> views = relationships.as(campaign.tenant(), STREAM_DEADLINE)
                .streamRelationships(StreamRelationshipsRequest.newBuilder()
                        .setAfterCustomerId(audience.after == null ? "" : audience.after).build());
        while (views.hasNext()) {
            Relationship view = views.next();
            if (rule.matches(CustomerAttributes.of(view), now)) {
                audience.add(view);
            }
            audience.after = view.getCustomerId();
            if (audience.buffered >= CHECKPOINT) {
                audience.checkpoint(false);
            }
        }
        double seconds = audience.seconds + (System.nanoTime() - started) / 1e9;
        audience.seconds = seconds;
        Document done = audience.checkpoint(true);
        commands.sendAndWait(new FixAudienceCommand(id, audience.count, audience.control, Math.round(seconds * 1000)));
        log.info("Campaign {}: {} people ({} held out) worked out in {} s", id, audience.count, audience.control,
                String.format("%.1f", seconds));
        return done;
    }

    /** The people of one campaign, buffered per send time between checkpoints. */
    private final class Audience {

        private final CampaignView campaign;
        private final String id;
        private final Map<Long, List<Document>> bySlot = new TreeMap<>();
        private final Document batches;
        private final List<Outcomes.Assigned> assigned = new ArrayList<>();
        private String after;
        private long count;
        private long control;
        private double seconds;
        private int buffered;

        Audience(CampaignView campaign, Document state) {
            this.campaign = campaign;
            this.id = internalId(campaign);
            this.after = state == null ? null : state.getString("after");
            this.count = state == null ? 0 : state.getLong("audience");
            this.control = state == null ? 0 : state.getLong("control");
            this.seconds = state == null ? 0 : state.getDouble("seconds");
            this.batches = state == null ? new Document() : state.get("batches", Document.class);
        }

        void add(Relationship view) {
            CampaignDefinition definition = campaign.definition();
            String customer = view.getCustomerId();
            String group = Assignment.of(id, customer, definition.controlPercent(), definition.variants());
            count++;
            buffered++;
            String outcomeId = id + "|" + customer;
            if (group.equals(Assignment.CONTROL)) {
                control++;
                assigned.add(new Outcomes.Assigned(outcomeId, id, campaign.tenant(), customer, group, null,
                        Outcomes.CONTROL, campaign.startedAt(), definition.goal()));
                return;
            }
            Variant variant = definition.variants().stream().filter(v -> v.variantId().equals(group)).findFirst()
                    .orElseThrow();
            String channel = ChannelChoice.of(definition.channel(), variant.templates().keySet(), view);
            Schedule schedule = definition.schedule();
            Instant at = schedule.kind() == Schedule.Kind.BEST_HOUR
                    ? SendTimes.bestHourWithin(view, later(schedule.sendAt(), campaign.startedAt()),
                    schedule.windowEnd())
                    : campaign.startedAt();
            bySlot.computeIfAbsent(at.getEpochSecond(), slot -> new ArrayList<>()).add(new Document("c", customer)
                    .append("v", group).append("ch", channel));
            assigned.add(new Outcomes.Assigned(outcomeId, id, campaign.tenant(), customer, group,
                    SendKeys.campaign(campaign.campaignId(), customer), Outcomes.PENDING, null, definition.goal()));
        }

        /** Writes what is buffered, then where the pass is: a restart goes on from here. */
        Document checkpoint(boolean done) {
            List<WriteModel<Document>> writes = new ArrayList<>();
            bySlot.forEach((slot, people) -> {
                for (int from = 0; from < people.size(); from += BATCH) {
                    String key = Long.toString(slot);
                    int number = batches.getInteger(key, 0);
                    batches.put(key, number + 1);
                    String batchId = id + "|" + key + "|" + number;
                    writes.add(new ReplaceOneModel<>(eq("_id", batchId), new Document("_id", batchId)
                            .append("people", people.subList(from, Math.min(people.size(), from + BATCH))),
                            new ReplaceOptions().upsert(true)));
                }
            });
            outcomes.assign(assigned);
            if (!writes.isEmpty()) {
                queue.bulkWrite(writes);
            }
            Document state = progress.find(eq("_id", id)).first();
            Document cursors = state == null ? new Document() : state.get("cursors", Document.class);
            Document next = new Document("_id", id).append("after", after).append("audience", count)
                    .append("control", control).append("seconds", seconds).append("batches", batches)
                    .append("cursors", cursors).append("done", done);
            progress.replaceOne(eq("_id", id), next, new ReplaceOptions().upsert(true));
            bySlot.clear();
            assigned.clear();
            buffered = 0;
            return next;
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    /** Sends every batch whose time has come; true when every batch is sent. */
    private boolean send(CampaignView campaign, Document state) throws InterruptedException {
        String id = internalId(campaign);
        Document batches = state.get("batches", Document.class);
        Document cursors = state.get("cursors", Document.class);
        CampaignDefinition definition = campaign.definition();
        boolean all = true;
        for (String slot : new TreeMap<>(batches).keySet()) {
            int total = batches.getInteger(slot);
            int next = cursors.getInteger(slot, 0);
            if (next >= total) {
                continue;
            }
            if (Instant.ofEpochSecond(Long.parseLong(slot)).isAfter(Instant.now())) {
                all = false;
                continue;
            }
            for (; next < total; next++) {
                if (!running || !"RUNNING".equals(campaigns.find(id).status())) {
                    return false;
                }
                Document batch = queue.find(eq("_id", id + "|" + slot + "|" + next)).first();
                if (!sendBatch(campaign, definition, batch.getList("people", Document.class))) {
                    return false;
                }
                progress.updateOne(eq("_id", id), Updates.set("cursors." + slot, next + 1));
            }
        }
        return all;
    }

    /** Sends one batch, many at once; false (to retry later) when messaging could not be reached. */
    private boolean sendBatch(CampaignView campaign, CampaignDefinition definition, List<Document> people)
            throws InterruptedException {
        String id = internalId(campaign);
        List<Future<Outcomes.SendResult>> results = new ArrayList<>();
        for (Document person : people) {
            Variant variant = definition.variants().stream()
                    .filter(v -> v.variantId().equals(person.getString("v"))).findFirst().orElseThrow();
            String channel = person.getString("ch");
            String customer = person.getString("c");
            results.add(senders.submit(() -> send(campaign, variant, channel, customer)));
        }
        Map<String, Outcomes.SendResult> settled = new LinkedHashMap<>();
        boolean reached = true;
        for (int i = 0; i < people.size(); i++) {
            try {
                Outcomes.SendResult result = results.get(i).get();
                if (result == null) {
                    reached = false;
                } else {
                    settled.put(id + "|" + people.get(i).getString("c"), result);
                }
            } catch (ExecutionException e) {
                reached = false;
                log.warn("A send of campaign {} failed", id, e.getCause());
            }
        }
        outcomes.settle(settled);
        if (!reached && failing.put(id, true) == null) {
            log.warn("Campaign {}: messaging could not be reached; the batch is sent again shortly", id);
        } else if (reached) {
            failing.remove(id);
        }
        return reached;
    }

    /** One send: its result, or null when messaging is unavailable (the batch is repeated). */
    private Outcomes.SendResult send(CampaignView campaign, Variant variant, String channel, String customer) {
        CampaignDefinition definition = campaign.definition();
        var content = variant.templates().get(channel.toLowerCase(Locale.ROOT));
        try {
            MessagingCalls.Outcome outcome = messaging.send(campaign.tenant(),
                    SendKeys.campaign(campaign.campaignId(), customer), customer, channel, content,
                    Map.of("campaign_id", campaign.campaignId(), "variant_id", variant.variantId()));
            return Outcomes.SendResult.of(outcome.state(), outcome.reason(), Instant.now(), definition.goal());
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.FAILED_PRECONDITION
                    || code == Status.Code.NOT_FOUND) {
                return new Outcomes.SendResult(Outcomes.FAILED, e.getStatus().getDescription(), Instant.now(),
                        definition.goal());
            }
            return null;
        }
    }

    private static String internalId(CampaignView campaign) {
        return WorkspaceIds.of(campaign.tenant(), campaign.campaignId());
    }

    @Override
    public void stop() {
        running = false;
        runner.shutdownNow();
        senders.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
