package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/**
 * A running campaign's audience was worked out: {@code audience} people, {@code control} of them held out, in
 * {@code millis} milliseconds.
 */
@Revision("1")
public record CampaignAudienceFixedEvent(String campaignId, String tenant, long audience, long control, long millis,
                                         Instant at) {
}
