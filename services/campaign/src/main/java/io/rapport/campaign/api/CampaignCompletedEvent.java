package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** Every message of the campaign was handed to messaging. */
@Revision("1")
public record CampaignCompletedEvent(String campaignId, String tenant, Instant at) {
}
