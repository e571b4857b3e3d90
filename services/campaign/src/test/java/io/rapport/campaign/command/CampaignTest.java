package io.rapport.campaign.command;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.rapport.campaign.api.CampaignAudienceFixedEvent;
import io.rapport.campaign.api.CampaignCancelledEvent;
import io.rapport.campaign.api.CampaignCompletedEvent;
import io.rapport.campaign.api.CampaignCreatedEvent;
import io.rapport.campaign.api.CampaignDefinition;
import io.rapport.campaign.api.CampaignScheduledEvent;
import io.rapport.campaign.api.CampaignStartedEvent;
import io.rapport.campaign.api.CampaignUpdatedEvent;
import io.rapport.campaign.api.CancelCampaignCommand;
import io.rapport.campaign.api.CompleteCampaignCommand;
import io.rapport.campaign.api.FixAudienceCommand;
import io.rapport.campaign.api.Schedule;
import io.rapport.campaign.api.ScheduleCampaignCommand;
import io.rapport.campaign.api.StartCampaignCommand;
import io.rapport.campaign.api.UpdateCampaignCommand;
import io.rapport.platform.grpc.RequestRejectedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CampaignTest {

    private static final String ID = "acme/spring";
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    private static final CampaignDefinition NOW = new CampaignDefinition("Spring", "vip", List.of(
            io.rapport.campaign.api.Samples.CAMPAIGN.variants().get(0)), 10, "EMAIL",
            new Schedule(Schedule.Kind.NOW, null, null), io.rapport.campaign.api.Goal.DEFAULT);
    private static final CampaignCreatedEvent CREATED = new CampaignCreatedEvent(ID, "acme", NOW, AT);

    private AggregateTestFixture<Campaign> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Campaign.class);
    }

    @Test
    void aDraftOrScheduledCampaignMayBeChangedButNotOnceItRuns() {
        CampaignDefinition renamed = new CampaignDefinition("Spring!", "vip", NOW.variants(), 20, "EMAIL",
                NOW.schedule(), NOW.goal());
        fixture.given(CREATED).when(new UpdateCampaignCommand(ID, renamed))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((CampaignUpdatedEvent e) ->
                        e.definition().equals(renamed))), andNoMore()));
        fixture.given(CREATED, new CampaignScheduledEvent(ID, "acme", AT, AT)).when(new UpdateCampaignCommand(ID,
                renamed)).expectEventsMatching(exactSequenceOf(messageWithPayload(matches((CampaignUpdatedEvent e) ->
                true)), andNoMore()));
        fixture.given(CREATED, new CampaignScheduledEvent(ID, "acme", AT, AT), new CampaignStartedEvent(ID, "acme",
                        AT)).when(new UpdateCampaignCommand(ID, renamed))
                .expectException(RequestRejectedException.class)
                .expectExceptionMessage("campaign 'spring' is running: it cannot be changed")
                .expectNoEvents();
    }

    @Test
    void theLifecycleGoesDraftScheduledRunningCompleted() {
        fixture.given(CREATED).when(new ScheduleCampaignCommand(ID))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((CampaignScheduledEvent e) ->
                        !e.startAt().isAfter(Instant.now()))), andNoMore()));
        fixture.given(CREATED, new CampaignScheduledEvent(ID, "acme", AT, AT)).when(new StartCampaignCommand(ID))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((CampaignStartedEvent e) -> true)),
                        andNoMore()));
        // Completing needs the audience worked out first; a repeated start or completion changes nothing.
        fixture.given(CREATED, new CampaignScheduledEvent(ID, "acme", AT, AT), new CampaignStartedEvent(ID, "acme",
                AT)).when(new CompleteCampaignCommand(ID)).expectNoEvents();
        fixture.given(CREATED, new CampaignScheduledEvent(ID, "acme", AT, AT), new CampaignStartedEvent(ID, "acme",
                AT), new CampaignAudienceFixedEvent(ID, "acme", 10, 1, 100, AT)).when(new FixAudienceCommand(ID, 11,
                1, 100)).expectNoEvents();
        fixture.given(CREATED, new CampaignScheduledEvent(ID, "acme", AT, AT), new CampaignStartedEvent(ID, "acme",
                AT), new CampaignAudienceFixedEvent(ID, "acme", 10, 1, 100, AT)).when(new CompleteCampaignCommand(ID))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((CampaignCompletedEvent e) -> true)),
                        andNoMore()));
        fixture.given(CREATED, new CampaignScheduledEvent(ID, "acme", AT, AT), new CampaignStartedEvent(ID, "acme",
                AT)).when(new StartCampaignCommand(ID)).expectNoEvents();
    }

    @Test
    void aCompletedCampaignCannotBeCancelledNorRescheduled() {
        var history = new Object[]{CREATED, new CampaignScheduledEvent(ID, "acme", AT, AT),
                new CampaignStartedEvent(ID, "acme", AT), new CampaignAudienceFixedEvent(ID, "acme", 10, 1, 100, AT),
                new CampaignCompletedEvent(ID, "acme", AT)};
        fixture.given(history).when(new CancelCampaignCommand(ID, "oops"))
                .expectException(RequestRejectedException.class).expectNoEvents();
        fixture.given(history).when(new ScheduleCampaignCommand(ID))
                .expectExceptionMessage("campaign 'spring' is completed: it cannot be scheduled");
        fixture.given(CREATED).when(new CancelCampaignCommand(ID, "wrong price"))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((CampaignCancelledEvent e) ->
                        e.reason().equals("wrong price"))), andNoMore()));
    }

    @Test
    void aBestHourCampaignWhoseWindowEndedCannotBeScheduled() {
        CampaignDefinition past = new CampaignDefinition("Spring", "vip", NOW.variants(), 0, "EMAIL",
                new Schedule(Schedule.Kind.BEST_HOUR, AT.minus(Duration.ofDays(2)), AT.minus(Duration.ofDays(1))),
                NOW.goal());
        fixture.given(new CampaignCreatedEvent(ID, "acme", past, AT)).when(new ScheduleCampaignCommand(ID))
                .expectException(RequestRejectedException.class).expectNoEvents();
    }
}
