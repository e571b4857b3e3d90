package io.rapport.campaign.api;

import static io.rapport.platform.testing.GoldenJson.assertGolden;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Stored events are forever: each event's JSON is pinned by a golden file of its revision. */
class EventGoldenJsonTest {

    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void segmentDefinedRevision1() {
        assertGolden(new SegmentDefinedEvent("acme/at-risk", "acme", "At risk", "churn_risk >= 0.7", AT),
                "SegmentDefinedEvent-1.json");
    }

    @Test
    void segmentChangedRevision1() {
        assertGolden(new SegmentChangedEvent("acme/at-risk", "acme", "Churning", "churn_risk >= 0.8", AT),
                "SegmentChangedEvent-1.json");
    }

    @Test
    void campaignEventsRevision1() {
        assertGolden(new CampaignCreatedEvent("acme/spring", "acme", Samples.CAMPAIGN, AT), "CampaignCreatedEvent-1.json");
        assertGolden(new CampaignUpdatedEvent("acme/spring", "acme", Samples.CAMPAIGN, AT), "CampaignUpdatedEvent-1.json");
        assertGolden(new CampaignScheduledEvent("acme/spring", "acme", AT.plusSeconds(60), AT),
                "CampaignScheduledEvent-1.json");
        assertGolden(new CampaignStartedEvent("acme/spring", "acme", AT), "CampaignStartedEvent-1.json");
        assertGolden(new CampaignAudienceFixedEvent("acme/spring", "acme", 1000, 100, 2500, AT),
                "CampaignAudienceFixedEvent-1.json");
        assertGolden(new CampaignCompletedEvent("acme/spring", "acme", AT), "CampaignCompletedEvent-1.json");
        assertGolden(new CampaignCancelledEvent("acme/spring", "acme", "wrong price", AT),
                "CampaignCancelledEvent-1.json");
    }

    @Test
    void journeyEventsRevision1() {
        assertGolden(new JourneyCreatedEvent("acme/win-back", "acme", Samples.JOURNEY, AT), "JourneyCreatedEvent-1.json");
        assertGolden(new JourneyUpdatedEvent("acme/win-back", "acme", Samples.JOURNEY, AT), "JourneyUpdatedEvent-1.json");
        assertGolden(new JourneyActivatedEvent("acme/win-back", "acme", AT), "JourneyActivatedEvent-1.json");
        assertGolden(new JourneyStoppedEvent("acme/win-back", "acme", AT), "JourneyStoppedEvent-1.json");
        String run = "acme/win-back|ada|1";
        assertGolden(new JourneyEnteredEvent(run, "acme", "acme/win-back", "ada", 1, "interaction:c-1", AT),
                "JourneyEnteredEvent-1.json");
        assertGolden(new JourneyWaitStartedEvent(run, "acme", "acme/win-back", "ada", 1, "pause",
                AT.plus(Duration.ofDays(2)), AT), "JourneyWaitStartedEvent-1.json");
        assertGolden(new JourneyStepCompletedEvent(run, "acme", "acme/win-back", "ada", 0, "hello", "sent", 1, AT),
                "JourneyStepCompletedEvent-1.json");
        assertGolden(new JourneyRunEndedEvent(run, "acme", "acme/win-back", "ada", 3, "GOAL", AT),
                "JourneyRunEndedEvent-1.json");
    }

    @Test
    void segmentMembershipChangedRevision1() {
        assertGolden(new SegmentMembershipChangedEvent("acme/at-risk", "acme", List.of("ada", "bo"), List.of("cy"), AT),
                "SegmentMembershipChangedEvent-1.json");
    }

}
