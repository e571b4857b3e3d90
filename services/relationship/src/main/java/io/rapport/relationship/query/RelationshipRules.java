package io.rapport.relationship.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.SentimentTrend;
import io.rapport.relationship.api.Stage;

/**
 * The documented rules that turn a customer's facts into what a marketer reads: stage, response, send hour,
 * interests and sentiment trend. Kept apart from the fold so each rule reads (and is tested) on its own.
 */
final class RelationshipRules {

    static final Duration NEW_FOR = Duration.ofDays(30);
    static final Duration ENGAGED_WITHIN = Duration.ofDays(30);
    static final Duration AT_RISK_AFTER = Duration.ofDays(90);
    static final Duration LAPSED_AFTER = Duration.ofDays(180);
    static final Duration LOYAL_PURCHASE_WITHIN = Duration.ofDays(180);
    static final int LOYAL_ORDERS = 4;

    /** Channels a message can be sent on; the preferred channel is one of these. */
    static final Set<Channel> SENDABLE = EnumSet.of(Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.SOCIAL,
            Channel.APP, Channel.PHONE);
    /** A channel's response rate is smoothed toward 1 response in 10 sends, as if it had seen 10 sends more. */
    static final double PRIOR_RESPONSE_RATE = 0.1;
    static final double PRIOR_SENDS = 10;
    /** A customer's hours are smoothed toward the workspace's pattern as if it added 5 observations. */
    static final double WORKSPACE_HOUR_WEIGHT = 5;
    static final int INTERESTS = 5;
    static final double TREND_THRESHOLD = 0.1;
    static final int TREND_WINDOW = 5;

    private RelationshipRules() {
    }

    /** Something the customer did, as opposed to something the brand did to them. */
    static boolean isActivity(Interaction interaction) {
        return interaction.direction() == Direction.INBOUND || switch (interaction.kind()) {
            case PURCHASE, RETURN, OPEN, CLICK, REPLY, VISIT -> true;
            default -> false;
        };
    }

    /** A reaction to the brand's messages: what the preferred channel and the best hour are learned from. */
    static boolean isResponse(Interaction interaction) {
        return switch (interaction.kind()) {
            case OPEN, CLICK, REPLY, VISIT -> true;
            case MESSAGE -> interaction.direction() == Direction.INBOUND;
            default -> false;
        };
    }

    /** How much a tag on this interaction says about what the customer cares for. */
    static int interestWeight(InteractionKind kind) {
        return switch (kind) {
            case PURCHASE -> 3;
            case CLICK, REPLY -> 2;
            default -> 1;
        };
    }

    static Stage stage(Instant now, Instant firstInteractionAt, Instant lastActivityAt, Instant lastResponseAt,
                       Instant lastPurchaseAt, long orderCount) {
        if (lastActivityAt == null) {
            return Stage.NEW;
        }
        if (olderThan(lastActivityAt, now, LAPSED_AFTER)) {
            return Stage.LAPSED;
        }
        if (olderThan(lastActivityAt, now, AT_RISK_AFTER)) {
            return Stage.AT_RISK;
        }
        if (firstInteractionAt != null && !olderThan(firstInteractionAt, now, NEW_FOR)) {
            return Stage.NEW;
        }
        if (orderCount >= LOYAL_ORDERS && lastPurchaseAt != null
                && !olderThan(lastPurchaseAt, now, LOYAL_PURCHASE_WITHIN)) {
            return Stage.LOYAL;
        }
        if (lastResponseAt != null && !olderThan(lastResponseAt, now, ENGAGED_WITHIN)) {
            return Stage.ENGAGED;
        }
        return Stage.ACTIVE;
    }

    private static boolean olderThan(Instant at, Instant now, Duration age) {
        return at.isBefore(now.minus(age));
    }

    /**
     * The sendable channel with the best response rate, each rate smoothed toward {@link #PRIOR_RESPONSE_RATE} so
     * that one lucky reply does not outweigh a long record; ties go to the busier channel. Null without history.
     */
    static Channel preferredChannel(Map<Channel, long[]> sendsAndResponses) {
        return sendsAndResponses.entrySet().stream()
                .filter(e -> SENDABLE.contains(e.getKey()))
                .filter(e -> e.getValue()[0] + e.getValue()[1] > 0)
                .max(Comparator.<Map.Entry<Channel, long[]>>comparingDouble(e -> smoothedResponseRate(e.getValue()))
                        .thenComparingLong(e -> e.getValue()[0] + e.getValue()[1]))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    static double smoothedResponseRate(long[] sendsAndResponses) {
        return (sendsAndResponses[1] + PRIOR_RESPONSE_RATE * PRIOR_SENDS) / (sendsAndResponses[0] + PRIOR_SENDS);
    }

    /**
     * The hour with the most responses once the customer's own counts are blended with the workspace's pattern
     * (a distribution over 24 hours, or null when unknown). Null when neither has anything to say.
     */
    static Integer bestHour(long[] customerHours, double[] workspacePattern) {
        int best = -1;
        double bestScore = 0;
        for (int hour = 0; hour < 24; hour++) {
            double score = customerHours[hour]
                    + (workspacePattern == null ? 0 : WORKSPACE_HOUR_WEIGHT * workspacePattern[hour]);
            if (score > bestScore) {
                best = hour;
                bestScore = score;
            }
        }
        return best < 0 ? null : best;
    }

    static List<String> interests(Map<String, Long> tagWeights) {
        return tagWeights.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(INTERESTS)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** @param readings compound scores, oldest first */
    static SentimentTrend sentimentTrend(List<Double> readings) {
        if (readings.isEmpty()) {
            return null;
        }
        double average = readings.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double latest = readings.get(readings.size() - 1);
        String direction = "UNKNOWN";
        if (readings.size() >= 2) {
            int split = Math.max(readings.size() - TREND_WINDOW, readings.size() / 2);
            double recent = mean(readings.subList(split, readings.size()));
            double before = mean(readings.subList(Math.max(0, split - TREND_WINDOW), split));
            direction = recent - before > TREND_THRESHOLD ? "IMPROVING"
                    : before - recent > TREND_THRESHOLD ? "DECLINING" : "STEADY";
        }
        return new SentimentTrend(average, latest, readings.size(), direction);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
