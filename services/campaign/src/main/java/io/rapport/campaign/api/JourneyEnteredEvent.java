package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A person entered a journey ({@code trigger} says why); run {@code run} of theirs. */
@Revision("1")
public record JourneyEnteredEvent(String runId, String tenant, String journeyId, String customerId, int run,
                                  String trigger, Instant at) {
}
