package io.rapport.campaign.api;

import java.time.Instant;

/**
 * A campaign as it stands.
 *
 * @param startAt   when a scheduled campaign starts (null before it is scheduled)
 * @param startedAt when it started sending
 * @param endedAt   when it completed or was cancelled
 * @param audience  null until worked out
 */
public record CampaignView(String campaignId, String tenant, CampaignDefinition definition, String status,
                           Instant createdAt, Instant updatedAt, Instant startAt, Instant startedAt, Instant endedAt,
                           Long audience, Long control, Double audienceSeconds, long revision, String cancelReason) {
}
