package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** Nobody enters the journey any more. */
@Revision("1")
public record JourneyStoppedEvent(String journeyId, String tenant, Instant at) {
}
