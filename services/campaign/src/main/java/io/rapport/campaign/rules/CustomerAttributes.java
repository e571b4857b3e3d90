package io.rapport.campaign.rules;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.Timestamp;
import io.rapport.proto.relationship.v1.ConsentState;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.Spend;

/**
 * A customer's relationship view as segment rules see it ({@link AttributeType} names them). Attributes without
 * a value are left out: no purchase yet, no model fit yet.
 */
public final class CustomerAttributes {

    private CustomerAttributes() {
    }

    public static Map<String, Object> of(Relationship view) {
        Map<String, Object> values = new HashMap<>();
        if (view.hasPrediction()) {
            values.put("p_alive", view.getPrediction().getProbabilityAlive());
            values.put("churn_risk", 1 - view.getPrediction().getProbabilityAlive());
            values.put("expected_value", view.getPrediction().getExpectedValue());
            values.put("expected_purchases", view.getPrediction().getExpectedPurchases());
            values.put("big_spender", view.getPrediction().getBigSpender());
        }
        if (view.getStageValue() != 0) {
            values.put("stage", view.getStage().name().substring("STAGE_".length()).toLowerCase(Locale.ROOT));
        }
        values.put("order_count", (double) view.getOrderCount());
        values.put("interaction_count", (double) view.getInteractionCount());
        putTime(values, "last_purchase_at", view.hasLastPurchaseTime(), view.getLastPurchaseTime());
        putTime(values, "last_activity_at", view.hasLastActivityTime(), view.getLastActivityTime());
        putTime(values, "last_interaction_at", view.hasLastInteractionTime(), view.getLastInteractionTime());
        putTime(values, "first_interaction_at", view.hasFirstInteractionTime(), view.getFirstInteractionTime());
        putTime(values, "registered_at", view.hasRegisterTime(), view.getRegisterTime());
        if (view.getPreferredChannelValue() != 0) {
            values.put("preferred_channel", channel(view.getPreferredChannel().name()));
        }
        if (view.hasBestSendHour()) {
            values.put("best_send_hour", (double) view.getBestSendHour());
        }
        if (view.hasSentiment()) {
            values.put("sentiment", view.getSentiment().getAverage());
            values.put("sentiment_trend", view.getSentiment().getDirection().toLowerCase(Locale.ROOT));
        }
        values.put("interests", List.copyOf(view.getInterestsList()));
        values.put("time_zone", view.getTimeZone());
        if (!view.getProfile().getLocale().isEmpty()) {
            values.put("locale", view.getProfile().getLocale());
        }
        values.put("has_email", !view.getProfile().getEmail().isEmpty());
        values.put("has_phone", !view.getProfile().getPhone().isEmpty());
        for (Spend spend : view.getSpendList()) {
            values.put("spend." + spend.getCurrency(), Double.parseDouble(spend.getAmount()));
        }
        for (Spend aov : view.getAverageOrderValueList()) {
            values.put("aov." + aov.getCurrency(), Double.parseDouble(aov.getAmount()));
        }
        for (String channel : AttributeType.CHANNELS) {
            values.put("consent." + channel, false);
        }
        for (ConsentState consent : view.getConsentsList()) {
            if (consent.getPurpose().equals("marketing")) {
                values.put("consent." + channel(consent.getChannel().name()), consent.getGranted());
            }
        }
        view.getProfile().getAttributesMap().forEach((name, value) -> values.put("attribute." + name, value));
        return values;
    }

    private static String channel(String protoName) {
        return protoName.substring("CHANNEL_".length()).toLowerCase(Locale.ROOT);
    }

    private static void putTime(Map<String, Object> values, String name, boolean present, Timestamp time) {
        if (present) {
            values.put(name, Instant.ofEpochSecond(time.getSeconds(), time.getNanos()));
        }
    }
}
