package io.rapport.campaign.api;

import java.util.List;

/** Campaigns by id; {@code next} is null on the last page. */
public record CampaignPage(List<CampaignView> campaigns, String next) {
}
