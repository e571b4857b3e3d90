package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a journey as a draft. */
public record CreateJourneyCommand(@TargetAggregateIdentifier String journeyId, String tenant,
                                   JourneyDefinition definition) {
}
