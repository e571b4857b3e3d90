package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Nobody enters any more; runs in progress end where they are. */
public record StopJourneyCommand(@TargetAggregateIdentifier String journeyId) {
}
