package io.rapport.campaign.rules;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a segment rule may ask about a customer, and of what type each attribute is. Dotted families take a name:
 * {@code spend.EUR}, {@code aov.EUR}, {@code consent.email}, {@code attribute.tier}.
 */
public enum AttributeType {
    NUMBER, STRING, BOOLEAN, TIME, LIST;

    static final Map<String, AttributeType> FIXED = Map.ofEntries(
            Map.entry("churn_risk", NUMBER), Map.entry("p_alive", NUMBER), Map.entry("expected_value", NUMBER),
            Map.entry("expected_purchases", NUMBER), Map.entry("big_spender", BOOLEAN),
            Map.entry("stage", STRING), Map.entry("order_count", NUMBER), Map.entry("interaction_count", NUMBER),
            Map.entry("last_purchase_at", TIME), Map.entry("last_activity_at", TIME),
            Map.entry("last_interaction_at", TIME), Map.entry("first_interaction_at", TIME),
            Map.entry("registered_at", TIME), Map.entry("preferred_channel", STRING),
            Map.entry("best_send_hour", NUMBER), Map.entry("sentiment", NUMBER), Map.entry("sentiment_trend", STRING),
            Map.entry("interests", LIST), Map.entry("time_zone", STRING), Map.entry("locale", STRING),
            Map.entry("has_email", BOOLEAN), Map.entry("has_phone", BOOLEAN));
    static final Map<String, AttributeType> FAMILIES = Map.of("spend", NUMBER, "aov", NUMBER, "consent", BOOLEAN,
            "attribute", STRING);
    static final Set<String> CHANNELS = Set.of("email", "sms", "push", "social", "app", "web", "phone");

    /** The type of a named attribute, or empty when there is no such attribute. */
    static Optional<AttributeType> of(String name) {
        if (FIXED.containsKey(name)) {
            return Optional.of(FIXED.get(name));
        }
        int dot = name.indexOf('.');
        if (dot > 0 && dot < name.length() - 1 && FAMILIES.containsKey(name.substring(0, dot))) {
            String family = name.substring(0, dot);
            String member = name.substring(dot + 1);
            if (family.equals("consent") && !CHANNELS.contains(member)) {
                return Optional.empty();
            }
            return Optional.of(FAMILIES.get(family));
        }
        return Optional.empty();
    }

    String describe() {
        return switch (this) {
            case NUMBER -> "a number";
            case STRING -> "a string";
            case BOOLEAN -> "true or false";
            case TIME -> "a time";
            case LIST -> "a list";
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
