package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A run waits at a step until {@code until} (a branch: until its window closes). */
@Revision("1")
public record JourneyWaitStartedEvent(String runId, String tenant, String journeyId, String customerId, int step,
                                      String stepId, Instant until, Instant at) {
}
