package io.rapport.campaign.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.rapport.campaign.api.AdvanceRunCommand;
import io.rapport.campaign.api.EndRunCommand;
import io.rapport.campaign.api.EnterJourneyCommand;
import io.rapport.campaign.api.JourneyEnteredEvent;
import io.rapport.campaign.api.JourneyRunEndedEvent;
import io.rapport.campaign.api.JourneyStepCompletedEvent;
import io.rapport.campaign.api.JourneyWaitStartedEvent;
import io.rapport.campaign.api.RunState;
import io.rapport.campaign.api.WaitInJourneyCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One person's way through a journey: the step they are at, and whether they wait there. Every command names the
 * step it acts on and changes nothing when the run is elsewhere, so whoever drives the run may repeat a command
 * after a crash without skipping or repeating a step. Steps only lead forward (branches may not go back), so each
 * step is done at most once per run.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class JourneyRun {

    @AggregateIdentifier
    private String runId;
    private String tenant;
    private String journeyId;
    private String customerId;
    private int step;
    private Instant waitUntil;
    private String ended;

    protected JourneyRun() {
        // for Axon
    }

    @CommandHandler
    public JourneyRun(EnterJourneyCommand command) {
        apply(new JourneyEnteredEvent(command.runId(), command.tenant(), command.journeyId(), command.customerId(),
                command.run(), command.trigger(), Instant.now()));
    }

    @CommandHandler
    public RunState handle(WaitInJourneyCommand command) {
        if (ended == null && step == command.step() && waitUntil == null) {
            apply(new JourneyWaitStartedEvent(runId, tenant, journeyId, customerId, step,
                    command.stepId(), command.until(), Instant.now()));
        }
        return state();
    }

    @CommandHandler
    public RunState handle(AdvanceRunCommand command) {
        if (ended == null && step == command.step()) {
            Instant now = Instant.now();
            apply(new JourneyStepCompletedEvent(runId, tenant, journeyId, customerId, step, command.stepId(),
                    command.outcome(), command.next(), now));
            if (command.next() < 0) {
                apply(new JourneyRunEndedEvent(runId, tenant, journeyId, customerId, command.step(), "COMPLETED",
                        now));
            }
        }
        return state();
    }

    @CommandHandler
    public RunState handle(EndRunCommand command) {
        if (ended == null && step == command.step()) {
            apply(new JourneyRunEndedEvent(runId, tenant, journeyId, customerId, step, command.how(), Instant.now()));
        }
        return state();
    }

    private RunState state() {
        return new RunState(step, waitUntil, ended);
    }

    @EventSourcingHandler
    void on(JourneyEnteredEvent event) {
        runId = event.runId();
        tenant = event.tenant();
        journeyId = event.journeyId();
        customerId = event.customerId();
        step = 0;
    }

    @EventSourcingHandler
    void on(JourneyWaitStartedEvent event) {
        waitUntil = event.until();
    }

    @EventSourcingHandler
    void on(JourneyStepCompletedEvent event) {
        waitUntil = null;
        if (event.next() >= 0) {
            step = event.next();
        }
    }

    @EventSourcingHandler
    void on(JourneyRunEndedEvent event) {
        ended = event.how();
    }
}
