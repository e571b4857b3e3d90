package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Every message of a running campaign was handed to messaging; a repeat changes nothing. */
public record CompleteCampaignCommand(@TargetAggregateIdentifier String campaignId) {
}
