package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A journey was created as a draft. */
@Revision("1")
public record JourneyCreatedEvent(String journeyId, String tenant, JourneyDefinition definition, Instant at) {
}
