package io.rapport.campaign.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.query.CampaignProjection;

/** A customer's outcomes in the campaigns that ran, until a day after their goal window closed. */
public class CampaignOutcomes implements OutcomeTracker.Source {

    private final CampaignProjection campaigns;

    public CampaignOutcomes(CampaignProjection campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public List<String> outcomeIds(String tenant, String customerId) {
        Instant now = Instant.now();
        return campaigns.inStatus(List.of("RUNNING", "COMPLETED")).stream()
                .filter(c -> c.tenant().equals(tenant) && (c.endedAt() == null
                        || c.endedAt().plus(c.definition().goal().within()).plus(Duration.ofDays(1)).isAfter(now)))
                .map(c -> WorkspaceIds.of(tenant, c.campaignId()) + "|" + customerId).toList();
    }
}
