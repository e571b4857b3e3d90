package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A campaign was cancelled: messages not yet sent are not sent. */
@Revision("1")
public record CampaignCancelledEvent(String campaignId, String tenant, String reason, Instant at) {
}
