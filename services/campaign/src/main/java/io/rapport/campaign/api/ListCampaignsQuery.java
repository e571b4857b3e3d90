package io.rapport.campaign.api;

/**
 * A page of a workspace's campaigns by id, after {@code after} (null: from the start); answered with a
 * {@link CampaignPage}.
 */
public record ListCampaignsQuery(String tenant, int pageSize, String after) {
}
