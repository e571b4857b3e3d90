package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A person enters a journey: their run starts at the first step. */
public record EnterJourneyCommand(@TargetAggregateIdentifier String runId, String tenant, String journeyId,
                                  String customerId, int run, String trigger) {
}
