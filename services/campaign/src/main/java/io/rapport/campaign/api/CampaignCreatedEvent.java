package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A campaign was created as a draft. */
@Revision("1")
public record CampaignCreatedEvent(String campaignId, String tenant, CampaignDefinition definition, Instant at) {
}
