package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A campaign's definition was replaced. */
@Revision("1")
public record CampaignUpdatedEvent(String campaignId, String tenant, CampaignDefinition definition, Instant at) {
}
