package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A draft campaign is to start at its schedule's time. */
public record ScheduleCampaignCommand(@TargetAggregateIdentifier String campaignId) {
}
