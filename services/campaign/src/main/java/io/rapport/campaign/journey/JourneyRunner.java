package io.rapport.campaign.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.Updates;
import io.grpc.StatusRuntimeException;
import io.rapport.campaign.api.AdvanceRunCommand;
import io.rapport.campaign.api.EndRunCommand;
import io.rapport.campaign.api.EnterJourneyCommand;
import io.rapport.campaign.api.Goal;
import io.rapport.campaign.api.JourneyDefinition;
import io.rapport.campaign.api.JourneyView;
import io.rapport.campaign.api.RunState;
import io.rapport.campaign.api.WaitInJourneyCommand;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.delivery.ChannelChoice;
import io.rapport.campaign.delivery.MessagingCalls;
import io.rapport.campaign.delivery.SendKeys;
import io.rapport.campaign.delivery.SendTimes;
import io.rapport.campaign.membership.MembershipWork;
import io.rapport.campaign.membership.RelationshipCalls;
import io.rapport.campaign.query.JourneyProjection;
import io.rapport.campaign.report.Outcomes;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.TimelineEntry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Moves people through journeys, on its own thread: starts runs for queued entries (re-entry rules applied), then
 * works every run that is due. Each move is a command to the run's {@code JourneyRun} aggregate that names the step
 * it acts on, sent before the schedule in {@code journey_runs} is updated: after a crash the runner repeats the
 * step from the schedule, the aggregate ignores what it already did, and a repeated send carries the same
 * idempotency key, so no step is skipped or done twice. Waiting runs wake at least every {@code recheck} to look for
 * the goal and for their branch's interaction.
 */
public class JourneyRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JourneyRunner.class);
    private static final int BATCH = 200;
    private static final InteractionKind[] BRANCH_KINDS = {InteractionKind.INTERACTION_KIND_OPEN,
            InteractionKind.INTERACTION_KIND_CLICK, InteractionKind.INTERACTION_KIND_REPLY,
            InteractionKind.INTERACTION_KIND_COMPLAINT, InteractionKind.INTERACTION_KIND_PURCHASE};

    private final JourneyProjection journeys;
    private final JourneyEntries entries;
    private final JourneyRuns runs;
    private final RelationshipCalls relationships;
    private final MessagingCalls messaging;
    private final Outcomes outcomes;
    private final CommandGateway commands;
    private final MembershipWork feeds;
    private final Duration pollEvery;
    private final Duration recheck;
    private final Set<String> woken = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService runner;
    private volatile boolean running;

    /**
     * @param pollEvery how often to look for entries and due runs
     * @param recheck   how often a waiting run wakes to look for its goal or its branch's interaction
     */
    public JourneyRunner(JourneyProjection journeys, JourneyEntries entries, JourneyRuns runs,
                         RelationshipCalls relationships, MessagingCalls messaging, Outcomes outcomes,
                         CommandGateway commands, MembershipWork feeds, Duration pollEvery, Duration recheck) {
        this.journeys = journeys;
        this.entries = entries;
        this.runs = runs;
        this.relationships = relationships;
        this.messaging = messaging;
        this.outcomes = outcomes;
        this.commands = commands;
        this.feeds = feeds;
        this.pollEvery = pollEvery;
        this.recheck = recheck;
    }

    @Override
    public void start() {
        running = true;
        runner = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("journey-runner-"));
        runner.scheduleWithFixedDelay(this::runOnce, 0, pollEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    void runOnce() {
        try {
            for (JourneyView journey : journeys.inStatus("ACTIVE")) {
                if (journey.definition().entry().interactionKind() != null) {
                    feeds.follow(journey.tenant());
                }
            }
            for (JourneyView journey : journeys.inStatus("STOPPED")) {
                // Once per stopped journey and process: its runs are then due, and each ends when moved.
                if (woken.add(internalId(journey))) {
                    runs.wakeAll(internalId(journey));
                }
            }
            for (Document entry : entries.waiting(BATCH)) {
                if (!running) {
                    return;
                }
                enter(entry);
            }
            List<Document> due;
            do {
                due = runs.due(Instant.now(), BATCH);
                for (Document run : due) {
                    if (!running) {
                        return;
                    }
                    move(run);
                }
            } while (due.size() == BATCH && running);
        } catch (RuntimeException e) {
            log.warn("Running journeys failed; trying again in {}", pollEvery, e);
        }
    }

    /** Starts a run for an entry unless the journey's re-entry rules say no. */
    private void enter(Document entry) {
        String entryId = entry.getString("_id");
        String journeyId = entry.getString("journey");
        String customer = entry.getString("customer");
        JourneyView journey = journeys.find(journeyId);
        if (journey == null || !"ACTIVE".equals(journey.status())) {
            entries.done(entry, "journey not active");
            return;
        }
        Instant now = Instant.now();
        Document enrollment = runs.enrollment(journeyId, customer);
        int run;
        if (enrollment != null && entryId.equals(enrollment.getString("lastEntry"))) {
            run = enrollment.getInteger("runs");
        } else {
            String refusal = refusal(journey.definition().entry(), enrollment, now);
            if (refusal != null) {
                entries.done(entry, refusal);
                return;
            }
            run = enrollment == null ? 1 : enrollment.getInteger("runs") + 1;
            runs.enrolled(journeyId, customer, run, entryId, now);
        }
        try {
            commands.sendAndWait(new EnterJourneyCommand(JourneyRuns.runId(journeyId, customer, run),
                    journey.tenant(), journeyId, customer, run, entry.getString("cause")));
        } catch (ConcurrencyException e) {
            // The run was started before a crash kept the entry from being marked done.
        }
        runs.started(journey.tenant(), journeyId, customer, run, now);
        entries.done(entry, "entered run " + run);
    }

    /** Why the entry rules keep someone out, or null when they may enter. */
    static String refusal(JourneyDefinition.Entry entry, Document enrollment, Instant now) {
        if (enrollment == null) {
            return null;
        }
        if (!"AFTER_EXIT".equals(entry.reEntry())) {
            return "entered before (no re-entry)";
        }
        if (enrollment.getBoolean("active", false)) {
            return "still in the journey";
        }
        Instant last = enrollment.getDate("lastEnteredAt").toInstant();
        if (entry.reEntryAfter() != null && last.plus(entry.reEntryAfter()).isAfter(now)) {
            return "entered less than " + entry.reEntryAfter() + " ago";
        }
        return null;
    }

    /** Works a due run until it waits or ends. */
    private void move(Document run) {
        JourneyView journey = journeys.find(run.getString("journey"));
        try {
            RunState state = new RunState(run.getInteger("step"), instant(run, "waitUntil"), null);
            while (state.ended() == null) {
                Instant wake = step(journey, run, state);
                if (wake != null) {
                    runs.reschedule(run.getString("_id"), wake);
                    return;
                }
                state = new RunState(run.getInteger("step"), instant(run, "waitUntil"),
                        run.getString("state").equals("ACTIVE") ? null : run.getString("state"));
            }
        } catch (StatusRuntimeException e) {
            log.info("Journey run {} waits: a service did not answer ({})", run.getString("_id"), e.getStatus());
            runs.reschedule(run.getString("_id"), Instant.now().plus(pollEvery));
        }
    }

    /**
     * Does the run's current step (or ends the run): returns when to wake it, or null when it moved on and may go
     * on at once. {@code run} is updated in place with what was stored.
     */
    private Instant step(JourneyView journey, Document run, RunState state) {
        String runId = run.getString("_id");
        String tenant = run.getString("tenant");
        String customer = run.getString("customer");
        JourneyDefinition definition = journey.definition();
        int index = state.step();
        Instant now = Instant.now();
        if ("STOPPED".equals(journey.status())) {
            return end(run, index, "STOPPED");
        }
        if (definition.goal() != null && reachedGoal(tenant, customer, definition.goal(), run)) {
            return end(run, index, "GOAL");
        }
        JourneyDefinition.Step step = definition.steps().get(index);
        switch (step.type()) {
            case "send" -> {
                send(journey, run, step);
                return advance(run, definition, index, next(definition, index, null), "sent");
            }
            case "wait", "wait_best_hour" -> {
                Instant until = state.waitUntil();
                if (until == null) {
                    until = "wait".equals(step.type()) ? now.plus(step.duration())
                            : SendTimes.nextBestHour(relationships.view(tenant, customer), now);
                    until = waitAt(run, index, step, until);
                }
                if (!until.isAfter(now)) {
                    return advance(run, definition, index, next(definition, index, null), "waited");
                }
                return definition.goal() == null ? until : earlier(until, now.plus(recheck));
            }
            case "branch" -> {
                Instant until = state.waitUntil();
                if (until == null) {
                    until = waitAt(run, index, step, now.plus(step.duration()));
                }
                if (happened(tenant, customer, step.on(), run, until.minus(step.duration()))) {
                    return advance(run, definition, index, next(definition, index, step.yesStepId()), "yes");
                }
                if (!until.isAfter(now)) {
                    return advance(run, definition, index, next(definition, index, step.noStepId()), "no");
                }
                return earlier(until, now.plus(recheck));
            }
            case "exit" -> {
                return end(run, index, "EXITED");
            }
            default -> throw new IllegalStateException("unknown step type " + step.type());
        }
    }

    private void send(JourneyView journey, Document run, JourneyDefinition.Step step) {
        String tenant = run.getString("tenant");
        String customer = run.getString("customer");
        int number = run.getInteger("run");
        String journeyId = run.getString("journey");
        String key = SendKeys.journey(journey.journeyId(), number, step.stepId(), customer);
        Relationship view = ChannelChoice.PREFERRED.equals(step.channel()) ? relationships.view(tenant, customer)
                : null;
        String channel = ChannelChoice.of(step.channel(), step.templates().keySet(), view);
        Goal goal = journey.definition().goal() == null ? Goal.DEFAULT : journey.definition().goal();
        String outcomeId = JourneyRuns.outcomeId(journeyId, customer, number, step.stepId());
        outcomes.assign(List.of(new Outcomes.Assigned(outcomeId, journeyId, tenant, customer, step.stepId(), key,
                Outcomes.PENDING, null, goal)));
        MessagingCalls.Outcome outcome = messaging.send(tenant, key, customer, channel,
                step.templates().get(channel.toLowerCase(Locale.ROOT)),
                Map.of("journey_id", journey.journeyId(), "step_id", step.stepId()));
        Instant now = Instant.now();
        outcomes.settle(Map.of(outcomeId, Outcomes.SendResult.of(outcome.state(), outcome.reason(), now, goal)));
        runs.update(run.getString("_id"), Updates.combine(Updates.set("lastKey", key),
                Updates.set("lastSendAt", Date.from(now))));
        run.put("lastKey", key);
    }

    private Instant waitAt(Document run, int index, JourneyDefinition.Step step, Instant until) {
        RunState state = commands.sendAndWait(new WaitInJourneyCommand(run.getString("_id"), index, step.stepId(),
                until));
        Instant stored = state.waitUntil() == null ? until : state.waitUntil();
        runs.update(run.getString("_id"), Updates.set("waitUntil", Date.from(stored)));
        run.put("waitUntil", Date.from(stored));
        return stored;
    }

    private Instant advance(Document run, JourneyDefinition definition, int index, int next, String outcome) {
        String stepId = definition.steps().get(index).stepId();
        RunState state = commands.sendAndWait(new AdvanceRunCommand(run.getString("_id"), index, stepId, next,
                outcome));
        // After a crash the run may have moved on already, perhaps the other way: then its own outcome stands.
        boolean ours = state.ended() != null ? next < 0 : state.step() == next;
        return stored(run, state, stepId, ours ? outcome : null);
    }

    private Instant end(Document run, int index, String how) {
        RunState state = commands.sendAndWait(new EndRunCommand(run.getString("_id"), index, how));
        runs.ended(run, state.ended() == null ? how : state.ended());
        run.put("state", state.ended() == null ? how : state.ended());
        return null;
    }

    /** Writes what the aggregate says into the schedule. */
    private Instant stored(Document run, RunState state, String stepId, String outcome) {
        List<Bson> update = new ArrayList<>(List.of(Updates.set("step", state.step()), Updates.unset("waitUntil"),
                Updates.addToSet("completed", stepId), Updates.set("dueAt", new Date())));
        if (outcome != null) {
            update.add(Updates.set("outcomes." + stepId, outcome));
        }
        runs.update(run.getString("_id"), Updates.combine(update));
        run.put("step", state.step());
        run.remove("waitUntil");
        if (state.ended() != null) {
            runs.ended(run, state.ended());
            run.put("state", state.ended());
        }
        return null;
    }

    /** The step after {@code index}: the named one, else the next; -1 after the last. */
    private static int next(JourneyDefinition definition, int index, String named) {
        if (named != null) {
            return definition.indexOf(named);
        }
        return index + 1 < definition.steps().size() ? index + 1 : -1;
    }

    private boolean reachedGoal(String tenant, String customer, Goal goal, Document run) {
        Instant entered = run.getDate("enteredAt").toInstant();
        InteractionKind kind = InteractionKind.valueOf("INTERACTION_KIND_" + goal.kind());
        return relationships.timeline(tenant, customer, entered, kind).stream()
                .anyMatch(entry -> !time(entry).isAfter(entered.plus(goal.within())));
    }

    /** Whether the branch's interaction happened: with the run's latest message, or a purchase since it began. */
    private boolean happened(String tenant, String customer, String on, Document run, Instant since) {
        String key = run.getString("lastKey");
        InteractionKind kind = switch (on) {
            case "OPENED" -> InteractionKind.INTERACTION_KIND_OPEN;
            case "CLICKED" -> InteractionKind.INTERACTION_KIND_CLICK;
            case "REPLIED" -> InteractionKind.INTERACTION_KIND_REPLY;
            default -> InteractionKind.INTERACTION_KIND_PURCHASE;
        };
        Instant from = "PURCHASED".equals(on) || run.getDate("lastSendAt") == null ? since
                : run.getDate("lastSendAt").toInstant().minusSeconds(1);
        return relationships.timeline(tenant, customer, from, BRANCH_KINDS).stream()
                .map(TimelineEntry::getInteraction)
                .anyMatch(interaction -> kind == InteractionKind.INTERACTION_KIND_PURCHASE
                        ? interaction.getKind() == kind
                        : key != null && key.equals(interaction.getMessageId()) && (interaction.getKind() == kind
                        || kind == InteractionKind.INTERACTION_KIND_REPLY
                        && interaction.getKind() == InteractionKind.INTERACTION_KIND_COMPLAINT));
    }

    private static Instant time(TimelineEntry entry) {
        return Instant.ofEpochSecond(entry.getTime().getSeconds(), entry.getTime().getNanos());
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static String internalId(JourneyView journey) {
        return WorkspaceIds.of(journey.tenant(), journey.journeyId());
    }

    @Override
    public void stop() {
        running = false;
        runner.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
