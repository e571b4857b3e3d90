package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A run is done with a step ({@code outcome}: sent, waited, yes, no) and goes on with step {@code next} (-1: none). */
@Revision("1")
public record JourneyStepCompletedEvent(String runId, String tenant, String journeyId, String customerId, int step,
                                        String stepId, String outcome, int next, Instant at) {
}
