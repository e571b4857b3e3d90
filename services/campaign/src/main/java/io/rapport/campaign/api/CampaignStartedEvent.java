package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A campaign started: its audience is being worked out and sent to. */
@Revision("1")
public record CampaignStartedEvent(String campaignId, String tenant, Instant at) {
}
