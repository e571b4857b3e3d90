package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A scheduled campaign's time has come; a repeat changes nothing. */
public record StartCampaignCommand(@TargetAggregateIdentifier String campaignId) {
}
