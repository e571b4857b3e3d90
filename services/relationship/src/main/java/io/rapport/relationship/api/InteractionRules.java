package io.rapport.relationship.api;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What makes a recorded interaction acceptable, whichever door it came in by (gRPC, REST, bulk import).
 * Problems are reported by field name; a missing channel, kind or time is the caller's parse problem.
 */
public final class InteractionRules {

    public static final int MAX_ID = 128;
    public static final int MAX_CONTENT = 10_000;
    public static final int MAX_TAGS = 50;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private InteractionRules() {
    }

    /** Checks what the interaction says; who it is about is checked by the caller (an id or an identifier). */
    public static void check(Interaction interaction, BiConsumer<String, String> problems) {
        if (interaction.eventId() == null || interaction.eventId().isBlank()) {
            problems.accept("event_id", "required: a client-chosen id that makes re-sending a no-op");
        } else if (interaction.eventId().length() > MAX_ID) {
            problems.accept("event_id", "at most " + MAX_ID + " characters");
        }
        if (interaction.amount() != null) {
            if (interaction.amount().signum() < 0) {
                problems.accept("amount", "must not be negative; record a RETURN instead");
            }
            if (interaction.currency() == null || !CURRENCY.matcher(interaction.currency()).matches()) {
                problems.accept("currency", "an ISO 4217 code such as EUR is required with an amount");
            }
        } else if (interaction.currency() != null) {
            problems.accept("currency", "given without an amount");
        }
        if (interaction.content() != null && interaction.content().length() > MAX_CONTENT) {
            problems.accept("content", "at most " + MAX_CONTENT + " characters");
        }
        if (interaction.tags().size() > MAX_TAGS) {
            problems.accept("tags", "at most " + MAX_TAGS + " tags");
        }
    }

    public static void checkCustomerId(String customerId, Consumer<String> problem) {
        if (customerId == null || customerId.isEmpty()) {
            problem.accept("required");
        } else if (!RelationshipIds.CUSTOMER_ID.matcher(customerId).matches()) {
            problem.accept("1 to 128 letters, digits or . _ : @ + - (got '" + abbreviate(customerId) + "')");
        }
    }

    public static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
