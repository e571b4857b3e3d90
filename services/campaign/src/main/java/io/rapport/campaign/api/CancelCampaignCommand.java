package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stop a campaign that has not ended. */
public record CancelCampaignCommand(@TargetAggregateIdentifier String campaignId, String reason) {
}
