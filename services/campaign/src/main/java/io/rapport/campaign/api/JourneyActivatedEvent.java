package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** People enter the journey from now on. */
@Revision("1")
public record JourneyActivatedEvent(String journeyId, String tenant, Instant at) {
}
