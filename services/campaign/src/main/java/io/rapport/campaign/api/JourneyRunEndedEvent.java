package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A run ended: COMPLETED (no step left), GOAL, EXITED (an exit step) or STOPPED (the journey was). */
@Revision("1")
public record JourneyRunEndedEvent(String runId, String tenant, String journeyId, String customerId, int step,
                                   String how, Instant at) {
}
