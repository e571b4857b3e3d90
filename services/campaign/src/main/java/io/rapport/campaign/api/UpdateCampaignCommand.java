package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replace a draft or scheduled campaign's definition; refused once it runs. */
public record UpdateCampaignCommand(@TargetAggregateIdentifier String campaignId, CampaignDefinition definition) {
}
