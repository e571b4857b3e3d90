package io.rapport.campaign.report;

import java.time.Instant;
import java.util.Map;

import io.rapport.campaign.api.CampaignView;
import io.rapport.campaign.api.Goal;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.delivery.Assignment;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.proto.campaign.v1.CampaignReport;
import io.rapport.proto.campaign.v1.Money;
import io.rapport.proto.campaign.v1.OutcomeCounts;
import io.rapport.proto.relationship.v1.InteractionKind;

/** A campaign's outcomes per variant and for the control group, with lift against the control group. */
public class CampaignReports {

    private final Outcomes outcomes;

    public CampaignReports(Outcomes outcomes) {
        this.outcomes = outcomes;
    }

    public CampaignReport report(CampaignView campaign) {
        Map<String, GroupCounts> groups = outcomes.counts(WorkspaceIds.of(campaign.tenant(), campaign.campaignId()));
        GroupCounts control = groups.get(Assignment.CONTROL);
        CampaignReport.Builder report = CampaignReport.newBuilder().setCampaignId(campaign.campaignId())
                .setStatus(campaign.status()).setGoal(goal(campaign.definition().goal()))
                .setReportTime(ProtoTime.timestamp(Instant.now()));
        campaign.definition().variants().forEach(variant -> report.addVariants(counts(
                groups.getOrDefault(variant.variantId(), new GroupCounts(variant.variantId())), control)));
        if (campaign.definition().controlPercent() > 0) {
            report.setControl(counts(control == null ? new GroupCounts(Assignment.CONTROL) : control, null));
        }
        return report.build();
    }

    /** One group's counts; with lift when a control group is given. */
    public static OutcomeCounts counts(GroupCounts group, GroupCounts control) {
        OutcomeCounts.Builder counts = OutcomeCounts.newBuilder().setGroup(group.group).setAudience(group.audience)
                .putAllSuppressed(group.suppressed).setSent(group.sent).setDelivered(group.delivered)
                .setOpened(group.opened).setClicked(group.clicked).setReplied(group.replied)
                .setBounced(group.bounced).setFailed(group.failed).setConverted(group.converted)
                .setConversionRate(group.conversionRate()).setPending(group.pending);
        group.revenue.forEach((currency, amount) -> counts.addRevenue(Money.newBuilder().setCurrency(currency)
                .setAmount(amount.setScale(Math.max(2, amount.scale()), java.math.RoundingMode.UNNECESSARY)
                        .toPlainString())));
        if (control != null) {
            Lift.of(group.converted, group.audience, control.converted, control.audience).ifPresent(lift -> counts
                    .setLift(io.rapport.proto.campaign.v1.Lift.newBuilder().setRelative(lift.relative())
                            .setLow(lift.low()).setHigh(lift.high()).setConfidence(Lift.CONFIDENCE)));
        }
        return counts.build();
    }

    public static io.rapport.proto.campaign.v1.Goal goal(Goal goal) {
        return io.rapport.proto.campaign.v1.Goal.newBuilder()
                .setKind(InteractionKind.valueOf("INTERACTION_KIND_" + goal.kind()))
                .setWithin(com.google.protobuf.Duration.newBuilder().setSeconds(goal.within().getSeconds())
                        .setNanos(goal.within().getNano())).build();
    }
}
