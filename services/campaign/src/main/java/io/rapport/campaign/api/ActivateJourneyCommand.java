package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** People enter the journey from now on. */
public record ActivateJourneyCommand(@TargetAggregateIdentifier String journeyId) {
}
