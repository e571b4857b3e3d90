package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a campaign as a draft. */
public record CreateCampaignCommand(@TargetAggregateIdentifier String campaignId, String tenant,
                                    CampaignDefinition definition) {
}
