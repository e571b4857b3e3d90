package io.rapport.campaign.api;

/** One campaign by its workspace id; answered with a {@link CampaignView} or null. */
public record FindCampaignQuery(String campaignId) {
}
