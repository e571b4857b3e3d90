package io.rapport.campaign.api;

import static io.rapport.platform.testing.GoldenJson.assertGolden;

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
    void segmentMembershipChangedRevision1() {
        assertGolden(new SegmentMembershipChangedEvent("acme/at-risk", "acme", List.of("ada", "bo"), List.of("cy"), AT),
                "SegmentMembershipChangedEvent-1.json");
    }

}
