package io.rapport.campaign.api;

/** One journey by its workspace id; answered with a {@link JourneyView} or null. */
public record FindJourneyQuery(String journeyId) {
}
