package io.rapport.campaign.journey;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.rapport.campaign.api.JourneyDefinition;
import io.rapport.campaign.api.JourneyView;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.report.CampaignReports;
import io.rapport.campaign.report.GroupCounts;
import io.rapport.campaign.report.Outcomes;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.proto.campaign.v1.JourneyReport;
import io.rapport.proto.campaign.v1.JourneyRun;
import io.rapport.proto.campaign.v1.StepReport;
import org.bson.Document;

/** A journey's runs per step: who reached each step, who waits there, which way branches went, what sends did. */
public class JourneyReports {

    private final JourneyRuns runs;
    private final Outcomes outcomes;

    public JourneyReports(JourneyRuns runs, Outcomes outcomes) {
        this.runs = runs;
        this.outcomes = outcomes;
    }

    public JourneyReport report(JourneyView journey) {
        String journeyId = WorkspaceIds.of(journey.tenant(), journey.journeyId());
        JourneyDefinition definition = journey.definition();
        Map<String, Long> states = new HashMap<>();
        Map<String, long[]> steps = new HashMap<>();
        long entered = 0;
        for (Document run : runs.all(journeyId)) {
            entered++;
            String state = run.getString("state");
            states.merge(state, 1L, Long::sum);
            String at = definition.steps().get(run.getInteger("step")).stepId();
            List<String> completed = run.getList("completed", String.class, List.of());
            completed.forEach(step -> steps.computeIfAbsent(step, s -> new long[5])[0]++);
            if (!completed.contains(at)) {
                steps.computeIfAbsent(at, s -> new long[5])[0]++;
            }
            if ("ACTIVE".equals(state)) {
                steps.get(at)[1]++;
            } else if ("GOAL".equals(state)) {
                steps.get(at)[2]++;
            }
            Document paths = run.get("outcomes", Document.class);
            if (paths != null) {
                paths.forEach((step, outcome) -> {
                    if ("yes".equals(outcome)) {
                        steps.computeIfAbsent(step, s -> new long[5])[3]++;
                    } else if ("no".equals(outcome)) {
                        steps.computeIfAbsent(step, s -> new long[5])[4]++;
                    }
                });
            }
        }
        Map<String, GroupCounts> messages = outcomes.counts(journeyId);
        JourneyReport.Builder report = JourneyReport.newBuilder().setJourneyId(journey.journeyId())
                .setStatus(journey.status()).setEntered(entered).setActive(states.getOrDefault("ACTIVE", 0L))
                .setCompleted(states.getOrDefault("COMPLETED", 0L)).setGoalReached(states.getOrDefault("GOAL", 0L))
                .setExited(states.getOrDefault("EXITED", 0L) + states.getOrDefault("STOPPED", 0L))
                .setReportTime(ProtoTime.timestamp(Instant.now()));
        for (JourneyDefinition.Step step : definition.steps()) {
            long[] counts = steps.getOrDefault(step.stepId(), new long[5]);
            StepReport.Builder line = StepReport.newBuilder().setStepId(step.stepId()).setType(step.type())
                    .setReached(counts[0]).setWaiting(counts[1]).setGoalReached(counts[2]).setYes(counts[3])
                    .setNo(counts[4]);
            if ("send".equals(step.type())) {
                GroupCounts sent = messages.get(step.stepId());
                if (sent != null) {
                    line.setMessages(CampaignReports.counts(sent, null));
                }
            }
            report.addSteps(line);
        }
        return report.build();
    }

    /** A page of a journey's runs by run id (optionally one customer's), after {@code after}. */
    public List<JourneyRun> runs(JourneyView journey, String customerId, String after, int limit) {
        String journeyId = WorkspaceIds.of(journey.tenant(), journey.journeyId());
        List<JourneyDefinition.Step> steps = journey.definition().steps();
        return runs.page(journeyId, customerId, after == null ? null : journeyId + "|" + after, limit).stream()
                .map(run -> {
                    JourneyRun.Builder built = JourneyRun.newBuilder().setCustomerId(run.getString("customer"))
                            .setRun(run.getInteger("run")).setState(run.getString("state"))
                            .setStepId(steps.get(run.getInteger("step")).stepId())
                            .setEnterTime(ProtoTime.timestamp(run.getDate("enteredAt").toInstant()))
                            .addAllCompletedStepIds(run.getList("completed", String.class, List.of()));
                    if ("ACTIVE".equals(run.getString("state"))) {
                        built.setDueTime(ProtoTime.timestamp(run.getDate("dueAt").toInstant()));
                    }
                    return built.build();
                }).toList();
    }

    /** The page token of a run: its id within the journey. */
    public static String token(JourneyRun run) {
        return run.getCustomerId() + "|" + run.getRun();
    }
}
