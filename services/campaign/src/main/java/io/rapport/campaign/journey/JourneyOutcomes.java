package io.rapport.campaign.journey;

import java.util.ArrayList;
import java.util.List;

import io.rapport.campaign.api.JourneyDefinition;
import io.rapport.campaign.api.JourneyView;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.query.JourneyProjection;
import io.rapport.campaign.report.OutcomeTracker;

/** A customer's outcomes in journeys: one per send step of every run they had. */
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
        for (JourneyView journey : journeys.inStatus(List.of("ACTIVE", "STOPPED"))) {
            if (!journey.tenant().equals(tenant)) {
                continue;
            }
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
