package io.rapport.campaign.command;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;

import java.time.Instant;

import io.rapport.campaign.api.ActivateJourneyCommand;
import io.rapport.campaign.api.AdvanceRunCommand;
import io.rapport.campaign.api.EndRunCommand;
import io.rapport.campaign.api.EnterJourneyCommand;
import io.rapport.campaign.api.JourneyActivatedEvent;
import io.rapport.campaign.api.JourneyCreatedEvent;
import io.rapport.campaign.api.JourneyEnteredEvent;
import io.rapport.campaign.api.JourneyRunEndedEvent;
import io.rapport.campaign.api.JourneyStepCompletedEvent;
import io.rapport.campaign.api.JourneyWaitStartedEvent;
import io.rapport.campaign.api.RunState;
import io.rapport.campaign.api.Samples;
import io.rapport.campaign.api.UpdateJourneyCommand;
import io.rapport.campaign.api.WaitInJourneyCommand;
import io.rapport.platform.grpc.RequestRejectedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** A run names the step each command acts on: repeating a command after a crash neither skips nor repeats. */
class JourneyRunTest {

    private static final String RUN = "acme/win-back|ada|1";
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    private static final JourneyEnteredEvent ENTERED = new JourneyEnteredEvent(RUN, "acme", "acme/win-back", "ada",
            1, "interaction:c-1", AT);

    private final AggregateTestFixture<JourneyRun> runs = new AggregateTestFixture<>(JourneyRun.class);
    private final AggregateTestFixture<Journey> journeys = new AggregateTestFixture<>(Journey.class);

    @Test
    void aPersonEntersAtTheFirstStep() {
        runs.givenNoPriorActivity().when(new EnterJourneyCommand(RUN, "acme", "acme/win-back", "ada", 1, "x"))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((JourneyEnteredEvent e) ->
                        e.customerId().equals("ada") && e.run() == 1)), andNoMore()));
    }

    @Test
    void advancingAStepTwiceAdvancesOnce() {
        JourneyStepCompletedEvent sent = new JourneyStepCompletedEvent(RUN, "acme", "acme/win-back", "ada", 0, "hello",
                "sent", 1, AT);
        runs.given(ENTERED).when(new AdvanceRunCommand(RUN, 0, "hello", 1, "sent"))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((JourneyStepCompletedEvent e) ->
                        e.step() == 0 && e.next() == 1)), andNoMore()))
                .expectResultMessagePayload(new RunState(1, null, null));
        runs.given(ENTERED, sent).when(new AdvanceRunCommand(RUN, 0, "hello", 1, "sent"))
                .expectNoEvents().expectResultMessagePayload(new RunState(1, null, null));
    }

    @Test
    void aWaitKeepsItsFirstDeadlineAndEndsWithTheStep() {
        Instant until = AT.plusSeconds(3_600);
        JourneyStepCompletedEvent sent = new JourneyStepCompletedEvent(RUN, "acme", "acme/win-back", "ada", 0, "hello",
                "sent", 1, AT);
        JourneyWaitStartedEvent waiting = new JourneyWaitStartedEvent(RUN, "acme", "acme/win-back", "ada", 1, "pause",
                until, AT);
        runs.given(ENTERED, sent).when(new WaitInJourneyCommand(RUN, 1, "pause", until))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((JourneyWaitStartedEvent e) ->
                        e.until().equals(until) && e.stepId().equals("pause"))), andNoMore()))
                .expectResultMessagePayload(new RunState(1, until, null));
        runs.given(ENTERED, sent, waiting).when(new WaitInJourneyCommand(RUN, 1, "pause", until.plusSeconds(60)))
                .expectNoEvents().expectResultMessagePayload(new RunState(1, until, null));
        runs.given(ENTERED, sent, waiting).when(new AdvanceRunCommand(RUN, 1, "pause", -1, "waited"))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(matches((JourneyStepCompletedEvent e) -> e.next() == -1)),
                        messageWithPayload(matches((JourneyRunEndedEvent e) -> e.how().equals("COMPLETED"))),
                        andNoMore()))
                .expectResultMessagePayload(new RunState(1, null, "COMPLETED"));
    }

    @Test
    void anEndedRunDoesNothingMore() {
        JourneyRunEndedEvent ended = new JourneyRunEndedEvent(RUN, "acme", "acme/win-back", "ada", 0, "GOAL", AT);
        runs.given(ENTERED, ended).when(new AdvanceRunCommand(RUN, 0, "hello", 1, "sent")).expectNoEvents()
                .expectResultMessagePayload(new RunState(0, null, "GOAL"));
        runs.given(ENTERED, ended).when(new EndRunCommand(RUN, 0, "STOPPED")).expectNoEvents();
    }

    @Test
    void anActiveJourneyCannotBeChanged() {
        JourneyCreatedEvent created = new JourneyCreatedEvent("acme/win-back", "acme", Samples.JOURNEY, AT);
        journeys.given(created, new JourneyActivatedEvent("acme/win-back", "acme", AT))
                .when(new UpdateJourneyCommand("acme/win-back", Samples.JOURNEY))
                .expectException(RequestRejectedException.class)
                .expectExceptionMessage("journey 'win-back' is active: it cannot be changed");
        journeys.given(created).when(new ActivateJourneyCommand("acme/win-back"))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((JourneyActivatedEvent e) -> true)),
                        andNoMore()));
    }
}
