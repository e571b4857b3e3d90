package io.rapport.campaign.api;

import java.time.Instant;

/** A journey as it stands: DRAFT, ACTIVE or STOPPED. */
public record JourneyView(String journeyId, String tenant, JourneyDefinition definition, String status,
                          Instant createdAt, Instant updatedAt, Instant activatedAt, long revision) {
}
