package io.rapport.relationship.api;

import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.rapport.platform.bounds.Bounds;

/**
 * What makes a recorded interaction acceptable, whichever door it came in by (gRPC, REST, bulk import).
 * Problems are reported by field name as the REST API and import files spell it; a missing channel, kind or time
 * is the caller's parse problem. The bounds are the platform's ({@link Bounds}).
 */
public final class InteractionRules {


    private InteractionRules() {
    }

    /** Checks what the interaction says; who it is about is checked by the caller (an id or an identifier). */
    public static void check(Interaction interaction, Instant now, BiConsumer<String, String> problems) {
        if (interaction.eventId() == null || interaction.eventId().isBlank()) {
            problems.accept("eventId", "required: a client-chosen id that makes re-sending a no-op");
        } else if (interaction.eventId().length() > Bounds.MAX_ID) {
            problems.accept("eventId", "at most " + Bounds.MAX_ID + " characters");
        }
        if (interaction.occurredAt() != null) {
            reportIf(Bounds.happened(interaction.occurredAt(), now), "occurredAt", problems);
        }
        if (interaction.amount() != null) {
            if (interaction.amount().signum() < 0) {
                problems.accept("amount", "must not be negative; record a RETURN instead");
            } else {
                reportIf(Bounds.amount(interaction.amount()), "amount", problems);
            }
            if (!Bounds.isCurrency(interaction.currency())) {
                problems.accept("currency", "an ISO 4217 code such as EUR is required with an amount");
            }
        } else if (interaction.currency() != null) {
            problems.accept("currency", "given without an amount");
        }
        reportIf(Bounds.length(interaction.content(), Bounds.MAX_TEXT), "content", problems);
        for (var line : java.util.Map.of("reference", nullToEmpty(interaction.reference()),
                "campaignId", nullToEmpty(interaction.campaignId()),
                "messageId", nullToEmpty(interaction.messageId())).entrySet()) {
            reportIf(Bounds.length(line.getValue(), Bounds.MAX_LINE), line.getKey(), problems);
        }
        if (interaction.tags().size() > Bounds.MAX_TAGS) {
            problems.accept("tags", "at most " + Bounds.MAX_TAGS + " tags");
        } else if (interaction.tags().stream().anyMatch(tag -> tag == null || tag.isBlank()
                || tag.length() > Bounds.MAX_TAG)) {
            problems.accept("tags", "each tag 1 to " + Bounds.MAX_TAG + " characters");
        }
    }

    private static void reportIf(String problem, String field, BiConsumer<String, String> problems) {
        if (problem != null) {
            problems.accept(field, problem);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    public static void checkCustomerId(String customerId, Consumer<String> problem) {
        if (customerId == null || customerId.isEmpty()) {
            problem.accept("required");
        } else if (!RelationshipIds.CUSTOMER_ID.matcher(customerId).matches() || Bounds.isDotSegment(customerId)) {
            problem.accept("1 to 128 letters, digits or . _ : @ + -, not . or .. alone (got '" + abbreviate(customerId) + "')");
        }
    }

    public static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
