package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A campaign is to start at {@code startAt}. */
@Revision("1")
public record CampaignScheduledEvent(String campaignId, String tenant, Instant startAt, Instant at) {
}
