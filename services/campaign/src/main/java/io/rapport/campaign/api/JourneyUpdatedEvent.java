package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A draft journey's definition was replaced. */
@Revision("1")
public record JourneyUpdatedEvent(String journeyId, String tenant, JourneyDefinition definition, Instant at) {
}
