package io.rapport.campaign.journey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.rapport.campaign.api.Goal;
import io.rapport.campaign.api.JourneyDefinition;
import io.rapport.campaign.api.JourneyView;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.query.JourneyProjection;
import io.rapport.campaign.report.OutcomeTracker;

/**
 * A customer's outcomes in the journeys of their workspace: one per send step of every run they had, in the active
 * journeys and those stopped within the longest goal window and a day (every send of theirs is older than the stop).
 */
public class JourneyOutcomes implements OutcomeTracker.Source {

    private final JourneyProjection journeys;
    private final JourneyRuns runs;

    public JourneyOutcomes(JourneyProjection journeys, JourneyRuns runs) {
        this.journeys = journeys;
        this.runs = runs;
    }

    @Override
    public List<String> outcomeIds(String tenant, String customerId) {
        List<String> ids = new ArrayList<>();
        List<JourneyView> open = new ArrayList<>(journeys.inStatus("ACTIVE", tenant));
        open.addAll(journeys.stoppedSince(tenant, Instant.now().minus(Goal.LONGEST_OPEN)));
        for (JourneyView journey : open) {
            String journeyId = WorkspaceIds.of(tenant, journey.journeyId());
            for (int run = 1; run <= runs.runCount(journeyId, customerId); run++) {
                for (JourneyDefinition.Step step : journey.definition().steps()) {
                    if ("send".equals(step.type())) {
                        ids.add(JourneyRuns.outcomeId(journeyId, customerId, run, step.stepId()));
                    }
                }
            }
        }
        return ids;
    }
}
