package io.rapport.campaign.grpc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.rapport.campaign.api.CampaignDefinition;
import io.rapport.campaign.api.Goal;
import io.rapport.campaign.api.JourneyDefinition;
import io.rapport.campaign.api.MessageContent;
import io.rapport.campaign.api.Schedule;
import io.rapport.campaign.api.Variant;
import io.rapport.campaign.delivery.Assignment;
import io.rapport.campaign.delivery.ChannelChoice;
import io.rapport.campaign.delivery.MessagingCalls;
import io.rapport.campaign.report.CampaignReports;
import io.rapport.platform.liquid.LiquidSandbox;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.proto.campaign.v1.BranchStep;
import io.rapport.proto.campaign.v1.CampaignSchedule;
import io.rapport.proto.campaign.v1.ExitStep;
import io.rapport.proto.campaign.v1.JourneyEntry;
import io.rapport.proto.campaign.v1.JourneyStep;
import io.rapport.proto.campaign.v1.SendStep;
import io.rapport.proto.campaign.v1.WaitBestHourStep;
import io.rapport.proto.campaign.v1.WaitStep;
import io.rapport.proto.messaging.v1.MessageChannel;
import io.rapport.proto.messaging.v1.MessageTemplate;
import io.rapport.proto.relationship.v1.InteractionKind;

/**
 * Campaign and journey definitions between their wire form and the domain's, checked on the way in: every problem
 * is reported with the path of its field ({@code definition.variants[1].templates.email.body: required}).
 */
final class DefinitionMapping {

    private static final Pattern PART_ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,64}");
    private static final int MAX_NAME = 200;
    private static final int MAX_TEMPLATE = LiquidSandbox.MAX_TEMPLATE;
    private static final LiquidSandbox LIQUID = new LiquidSandbox();
    private static final int MAX_VARIANTS = 10;
    private static final int MAX_STEPS = 50;
    private static final int MAX_CONTROL_PERCENT = 50;
    private static final Duration MAX_WINDOW = Duration.ofDays(90);
    private static final Duration MIN_GOAL = Duration.ofHours(1);

    private DefinitionMapping() {
    }

    static CampaignDefinition campaign(io.rapport.proto.campaign.v1.CampaignDefinition proto, List<String> problems) {
        String at = "definition.";
        name(proto.getName(), at + "name", problems);
        if (proto.getSegmentId().isEmpty()) {
            problems.add(at + "segmentId: required");
        }
        if (proto.getVariantsCount() < 1 || proto.getVariantsCount() > MAX_VARIANTS) {
            problems.add(at + "variants: 1 to " + MAX_VARIANTS);
        }
        String channel = channel(proto.getChannel(), at + "channel", problems);
        List<Variant> variants = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < proto.getVariantsCount(); i++) {
            var variant = proto.getVariants(i);
            String path = at + "variants[" + i + "].";
            if (!PART_ID.matcher(variant.getVariantId()).matches() || variant.getVariantId().equals(Assignment.CONTROL)) {
                problems.add(path + "variantId: 1 to 64 letters, digits or . _ -, not \"control\"");
            } else if (!ids.add(variant.getVariantId())) {
                problems.add(path + "variantId: '" + variant.getVariantId() + "' is used twice");
            }
            if (variant.getWeight() < 0 || variant.getWeight() > 100) {
                problems.add(path + "weight: 1 to 100 (0 for 1)");
            }
            Map<String, MessageContent> templates = templates(variant.getTemplatesMap(), channel, path + "templates",
                    problems);
            variants.add(new Variant(variant.getVariantId(), variant.getWeight() == 0 ? 1 : variant.getWeight(),
                    templates));
        }
        if (proto.getControlPercent() < 0 || proto.getControlPercent() > MAX_CONTROL_PERCENT) {
            problems.add(at + "controlPercent: 0 to " + MAX_CONTROL_PERCENT);
        }
        Schedule schedule = schedule(proto.getSchedule(), at + "schedule.", problems);
        Goal goal = goal(proto.hasGoal() ? proto.getGoal() : null, at + "goal.", problems);
        return new CampaignDefinition(proto.getName(), proto.getSegmentId(), variants, proto.getControlPercent(),
                channel, schedule, goal == null ? Goal.DEFAULT : goal);
    }

    static io.rapport.proto.campaign.v1.CampaignDefinition campaign(CampaignDefinition definition) {
        var proto = io.rapport.proto.campaign.v1.CampaignDefinition.newBuilder().setName(definition.name())
                .setSegmentId(definition.segmentId()).setControlPercent(definition.controlPercent())
                .setChannel(MessageChannel.valueOf("MESSAGE_CHANNEL_" + definition.channel()))
                .setGoal(CampaignReports.goal(definition.goal()));
        definition.variants().forEach(variant -> proto.addVariants(io.rapport.proto.campaign.v1.Variant.newBuilder()
                .setVariantId(variant.variantId()).setWeight(variant.weight())
                .putAllTemplates(templates(variant.templates()))));
        Schedule schedule = definition.schedule();
        CampaignSchedule.Builder wire = CampaignSchedule.newBuilder()
                .setKind(CampaignSchedule.Kind.valueOf("KIND_" + schedule.kind()));
        if (schedule.sendAt() != null) {
            wire.setSendTime(ProtoTime.timestamp(schedule.sendAt()));
        }
        if (schedule.windowEnd() != null) {
            wire.setWindowEndTime(ProtoTime.timestamp(schedule.windowEnd()));
        }
        return proto.setSchedule(wire).build();
    }

    static JourneyDefinition journey(io.rapport.proto.campaign.v1.JourneyDefinition proto, List<String> problems) {
        String at = "definition.";
        name(proto.getName(), at + "name", problems);
        JourneyDefinition.Entry entry = entry(proto.getEntry(), at + "entry.", problems);
        if (proto.getStepsCount() < 1 || proto.getStepsCount() > MAX_STEPS) {
            problems.add(at + "steps: 1 to " + MAX_STEPS);
        }
        List<String> ids = proto.getStepsList().stream().map(JourneyStep::getStepId).toList();
        List<JourneyDefinition.Step> steps = new ArrayList<>();
        for (int i = 0; i < proto.getStepsCount(); i++) {
            steps.add(step(proto.getSteps(i), i, ids, at + "steps[" + i + "].", problems));
        }
        Goal goal = goal(proto.hasGoal() ? proto.getGoal() : null, at + "goal.", problems);
        return new JourneyDefinition(proto.getName(), entry, steps, goal);
    }

    static io.rapport.proto.campaign.v1.JourneyDefinition journey(JourneyDefinition definition) {
        var proto = io.rapport.proto.campaign.v1.JourneyDefinition.newBuilder().setName(definition.name());
        JourneyDefinition.Entry entry = definition.entry();
        JourneyEntry.Builder wire = JourneyEntry.newBuilder()
                .setReEntry(JourneyEntry.ReEntry.valueOf("RE_ENTRY_" + entry.reEntry()));
        if (entry.segmentId() != null) {
            wire.setSegmentId(entry.segmentId());
        } else {
            wire.setInteraction(JourneyEntry.Interaction.newBuilder()
                    .setKind(InteractionKind.valueOf("INTERACTION_KIND_" + entry.interactionKind()))
                    .setFirstOnly(entry.firstOnly()));
        }
        if (entry.reEntryAfter() != null) {
            wire.setReEntryAfter(duration(entry.reEntryAfter()));
        }
        proto.setEntry(wire);
        for (JourneyDefinition.Step step : definition.steps()) {
            JourneyStep.Builder built = JourneyStep.newBuilder().setStepId(step.stepId());
            switch (step.type()) {
                case "send" -> built.setSend(SendStep.newBuilder()
                        .setChannel(MessageChannel.valueOf("MESSAGE_CHANNEL_" + step.channel()))
                        .putAllTemplates(templates(step.templates())));
                case "wait" -> built.setWait(WaitStep.newBuilder().setDuration(duration(step.duration())));
                case "wait_best_hour" -> built.setWaitBestHour(WaitBestHourStep.getDefaultInstance());
                case "branch" -> {
                    BranchStep.Builder branch = BranchStep.newBuilder().setOn(BranchStep.On.valueOf("ON_" + step.on()))
                            .setWithin(duration(step.duration()));
                    if (step.yesStepId() != null) {
                        branch.setYesStepId(step.yesStepId());
                    }
                    if (step.noStepId() != null) {
                        branch.setNoStepId(step.noStepId());
                    }
                    built.setBranch(branch);
                }
                default -> built.setExit(ExitStep.getDefaultInstance());
            }
            proto.addSteps(built);
        }
        if (definition.goal() != null) {
            proto.setGoal(CampaignReports.goal(definition.goal()));
        }
        return proto.build();
    }

    private static JourneyDefinition.Entry entry(JourneyEntry entry, String at, List<String> problems) {
        String reEntry = switch (entry.getReEntry()) {
            case RE_ENTRY_AFTER_EXIT -> "AFTER_EXIT";
            default -> "NEVER";
        };
        Duration after = entry.hasReEntryAfter() ? duration(entry.getReEntryAfter()) : null;
        if (after != null && (after.isNegative() || after.compareTo(Duration.ofDays(3650)) > 0)) {
            problems.add(at + "reEntryAfter: 0 to 3650 days");
        }
        return switch (entry.getTriggerCase()) {
            case SEGMENT_ID -> new JourneyDefinition.Entry(entry.getSegmentId(), null, false, reEntry, after);
            case INTERACTION -> {
                InteractionKind kind = entry.getInteraction().getKind();
                if (kind == InteractionKind.INTERACTION_KIND_UNSPECIFIED || kind == InteractionKind.UNRECOGNIZED) {
                    problems.add(at + "interaction.kind: required");
                    yield new JourneyDefinition.Entry(null, "UNSPECIFIED", false, reEntry, after);
                }
                yield new JourneyDefinition.Entry(null, kind.name().substring("INTERACTION_KIND_".length()),
                        entry.getInteraction().getFirstOnly(), reEntry, after);
            }
            default -> {
                problems.add(at + "segmentId or interaction: one is required");
                yield new JourneyDefinition.Entry(null, null, false, reEntry, after);
            }
        };
    }

    private static JourneyDefinition.Step step(JourneyStep step, int index, List<String> ids, String at,
                                               List<String> problems) {
        String id = step.getStepId();
        if (!PART_ID.matcher(id).matches()) {
            problems.add(at + "stepId: 1 to 64 letters, digits or . _ -");
        } else if (ids.indexOf(id) != index) {
            problems.add(at + "stepId: '" + id + "' is used twice");
        }
        return switch (step.getKindCase()) {
            case SEND -> {
                String channel = channel(step.getSend().getChannel(), at + "send.channel", problems);
                yield new JourneyDefinition.Step(id, "send", channel,
                        templates(step.getSend().getTemplatesMap(), channel, at + "send.templates", problems),
                        null, null, null, null);
            }
            case WAIT -> new JourneyDefinition.Step(id, "wait", null, null,
                    window(step.getWait().hasDuration() ? step.getWait().getDuration() : null,
                            at + "wait.duration", problems), null, null, null);
            case WAIT_BEST_HOUR -> new JourneyDefinition.Step(id, "wait_best_hour", null, null, null, null, null,
                    null);
            case BRANCH -> {
                BranchStep branch = step.getBranch();
                if (branch.getOn() == BranchStep.On.ON_UNSPECIFIED || branch.getOn() == BranchStep.On.UNRECOGNIZED) {
                    problems.add(at + "branch.on: required");
                }
                Duration within = window(branch.hasWithin() ? branch.getWithin() : null, at + "branch.within",
                        problems);
                yield new JourneyDefinition.Step(id, "branch", null, null, within,
                        branch.getOn().name().replace("ON_", ""),
                        target(branch.getYesStepId(), index, ids, at + "branch.yesStepId", problems),
                        target(branch.getNoStepId(), index, ids, at + "branch.noStepId", problems));
            }
            case EXIT -> new JourneyDefinition.Step(id, "exit", null, null, null, null, null, null);
            default -> {
                problems.add(at + "send, wait, waitBestHour, branch or exit: one is required");
                yield new JourneyDefinition.Step(id, "exit", null, null, null, null, null, null);
            }
        };
    }

    /** A branch's target: empty for the next step; else a later step (journeys only go forward). */
    private static String target(String stepId, int index, List<String> ids, String at, List<String> problems) {
        if (stepId.isEmpty()) {
            return null;
        }
        int target = ids.indexOf(stepId);
        if (target < 0) {
            problems.add(at + ": no step '" + stepId + "'");
        } else if (target <= index) {
            problems.add(at + ": '" + stepId + "' comes before the branch; a journey only goes forward");
        }
        return stepId;
    }

    private static Duration window(com.google.protobuf.Duration proto, String at, List<String> problems) {
        Duration duration = proto == null ? Duration.ZERO : duration(proto);
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(MAX_WINDOW) > 0) {
            problems.add(at + ": 1 second to 90 days");
        }
        return duration;
    }

    private static String channel(MessageChannel channel, String at, List<String> problems) {
        if (channel == MessageChannel.MESSAGE_CHANNEL_UNSPECIFIED || channel == MessageChannel.UNRECOGNIZED) {
            problems.add(at + ": required (a channel or PREFERRED)");
            return ChannelChoice.PREFERRED;
        }
        return channel.name().substring("MESSAGE_CHANNEL_".length());
    }

    private static Map<String, MessageContent> templates(Map<String, MessageTemplate> proto, String channel,
                                                         String at, List<String> problems) {
        Map<String, MessageContent> templates = new LinkedHashMap<>();
        if (proto.isEmpty()) {
            problems.add(at + ": at least one (keyed email, sms, push, social or webhook)");
        }
        proto.forEach((key, template) -> {
            if (!ChannelChoice.SENDABLE.contains(key.toUpperCase(Locale.ROOT)) || !key.equals(key.toLowerCase(Locale.ROOT))) {
                problems.add(at + "." + key + ": not a channel (email, sms, push, social or webhook)");
                return;
            }
            if (template.getBody().isBlank()) {
                problems.add(at + "." + key + ".body: required");
            } else if (template.getBody().length() + template.getSubject().length() + template.getHtml().length()
                    > MAX_TEMPLATE) {
                problems.add(at + "." + key + ": at most " + MAX_TEMPLATE + " characters");
            } else {
                checkLiquid(template.getSubject(), at + "." + key + ".subject", problems);
                checkLiquid(template.getBody(), at + "." + key + ".body", problems);
                checkLiquid(template.getHtml(), at + "." + key + ".html", problems);
            }
            templates.put(key, new MessageContent(template.getSubject().isEmpty() ? null : template.getSubject(),
                    template.getBody(), template.getHtml().isEmpty() ? null : template.getHtml(),
                    template.getDefaultsMap()));
        });
        if (!ChannelChoice.PREFERRED.equals(channel) && !proto.isEmpty()
                && !proto.containsKey(channel.toLowerCase(Locale.ROOT))) {
            problems.add(at + ": no " + channel.toLowerCase(Locale.ROOT) + " template for the channel "
                    + channel);
        }
        return templates;
    }

    /** A template that does not read, or reaches for a file, is refused when it is defined, not when it is sent. */
    private static void checkLiquid(String text, String at, List<String> problems) {
        try {
            LIQUID.check(text);
        } catch (LiquidSandbox.Refused refused) {
            problems.add(at + ": " + refused.getMessage());
        }
    }

    private static Map<String, MessageTemplate> templates(Map<String, MessageContent> templates) {
        Map<String, MessageTemplate> proto = new LinkedHashMap<>();
        templates.forEach((key, content) -> proto.put(key, MessagingCalls.template(content)));
        return proto;
    }

    private static Schedule schedule(CampaignSchedule schedule, String at, List<String> problems) {
        Instant sendAt = schedule.hasSendTime() ? ProtoTime.instant(schedule.getSendTime()) : null;
        Instant windowEnd = schedule.hasWindowEndTime() ? ProtoTime.instant(schedule.getWindowEndTime()) : null;
        switch (schedule.getKind()) {
            case KIND_NOW -> {
                return new Schedule(Schedule.Kind.NOW, null, null);
            }
            case KIND_AT -> {
                if (sendAt == null) {
                    problems.add(at + "sendTime: required for AT");
                }
                return new Schedule(Schedule.Kind.AT, sendAt, null);
            }
            case KIND_BEST_HOUR -> {
                if (sendAt == null || windowEnd == null) {
                    problems.add(at + "sendTime and windowEndTime: required for BEST_HOUR (the window)");
                } else if (!windowEnd.isAfter(sendAt.plus(Duration.ofHours(1)).minusNanos(1))
                        || windowEnd.isAfter(sendAt.plus(Duration.ofDays(7)))) {
                    problems.add(at + "windowEndTime: 1 hour to 7 days after sendTime");
                }
                return new Schedule(Schedule.Kind.BEST_HOUR, sendAt, windowEnd);
            }
            default -> {
                problems.add(at + "kind: required (NOW, AT or BEST_HOUR)");
                return new Schedule(Schedule.Kind.NOW, null, null);
            }
        }
    }

    private static Goal goal(io.rapport.proto.campaign.v1.Goal goal, String at, List<String> problems) {
        if (goal == null) {
            return null;
        }
        String kind = goal.getKind() == InteractionKind.INTERACTION_KIND_UNSPECIFIED ? "PURCHASE"
                : goal.getKind() == InteractionKind.UNRECOGNIZED ? null
                : goal.getKind().name().substring("INTERACTION_KIND_".length());
        if (kind == null) {
            problems.add(at + "kind: not an interaction kind");
            kind = "PURCHASE";
        }
        Duration within = goal.hasWithin() ? duration(goal.getWithin()) : Goal.DEFAULT.within();
        if (within.compareTo(MIN_GOAL) < 0 || within.compareTo(Goal.LONGEST_WITHIN) > 0) {
            problems.add(at + "within: 1 hour to 90 days");
        }
        return new Goal(kind, within);
    }

    private static void name(String name, String at, List<String> problems) {
        if (name.isBlank()) {
            problems.add(at + ": required");
        } else if (name.length() > MAX_NAME) {
            problems.add(at + ": at most " + MAX_NAME + " characters");
        }
    }

    static Duration duration(com.google.protobuf.Duration duration) {
        return Duration.ofSeconds(duration.getSeconds(), duration.getNanos());
    }

    static com.google.protobuf.Duration duration(Duration duration) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(duration.getSeconds())
                .setNanos(duration.getNano()).build();
    }
}
