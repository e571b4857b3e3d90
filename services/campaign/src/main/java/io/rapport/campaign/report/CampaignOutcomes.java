package io.rapport.campaign.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.rapport.campaign.api.CampaignView;
import io.rapport.campaign.api.Goal;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.query.CampaignProjection;

/**
 * A customer's outcomes in the campaigns of their workspace that ran, until a day after their goal window closed: the
 * running ones and those completed within the longest goal window and a day, read by status and workspace.
 */
public class CampaignOutcomes implements OutcomeTracker.Source {

    private final CampaignProjection campaigns;

    public CampaignOutcomes(CampaignProjection campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public List<String> outcomeIds(String tenant, String customerId) {
        Instant now = Instant.now();
        List<CampaignView> ran = new ArrayList<>(campaigns.inStatus("RUNNING", tenant));
        ran.addAll(campaigns.endedSince("COMPLETED", tenant, now.minus(Goal.LONGEST_OPEN)));
        return ran.stream()
                .filter(c -> c.endedAt() == null
                        || c.endedAt().plus(c.definition().goal().within()).plus(Duration.ofDays(1)).isAfter(now))
                .map(c -> WorkspaceIds.of(tenant, c.campaignId()) + "|" + customerId).toList();
    }
}
