package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replace a draft journey's definition; refused once it is activated. */
public record UpdateJourneyCommand(@TargetAggregateIdentifier String journeyId, JourneyDefinition definition) {
}
