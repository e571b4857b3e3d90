package io.rapport.relationship.imports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionRules;

/**
 * An interaction from named text fields, as the generic CSV and NDJSON imports give them. The first problem found
 * is the row's skip reason.
 */
final class InteractionFields {

    static final Set<String> NAMES = Set.of("customerId", "eventId", "channel", "direction", "kind", "occurredAt",
            "amount", "currency", "content", "reference", "campaignId", "messageId", "tags");
    static final Set<String> REQUIRED = Set.of("customerId", "channel", "kind", "occurredAt");

    private InteractionFields() {
    }

    /** Null (and one problem reported) when the fields do not make a valid interaction. */
    static Interaction interaction(Map<String, String> fields, String eventId, ZoneId zone, Consumer<String> problem) {
        List<String> problems = new ArrayList<>();
        for (String required : REQUIRED) {
            if (blank(fields.get(required))) {
                problems.add(required + " is empty");
            }
        }
        Channel channel = enumValue(Channel.class, fields.get("channel"), "channel", problems);
        InteractionKind kind = enumValue(InteractionKind.class, fields.get("kind"), "kind", problems);
        Direction direction = blank(fields.get("direction")) ? Direction.INBOUND
                : enumValue(Direction.class, fields.get("direction"), "direction", problems);
        Instant occurredAt = blank(fields.get("occurredAt")) ? null : instant(fields.get("occurredAt").trim(), zone, "occurredAt", problems);
        BigDecimal amount = null;
        if (!blank(fields.get("amount"))) {
            try {
                amount = new BigDecimal(fields.get("amount").trim());
            } catch (NumberFormatException e) {
                problems.add("amount is not a decimal number");
            }
        }
        List<String> tags = blank(fields.get("tags")) ? List.of()
                : Arrays.stream(fields.get("tags").split(";")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        Interaction interaction = new Interaction(eventId, channel, direction, kind, occurredAt, amount,
                emptyToNull(fields.get("currency")), emptyToNull(fields.get("content")),
                emptyToNull(fields.get("reference")), emptyToNull(fields.get("campaignId")),
                emptyToNull(fields.get("messageId")), tags, null);
        if (problems.isEmpty()) {
            InteractionRules.checkCustomerId(fields.get("customerId").trim(),
                    message -> problems.add("customerId " + message));
            InteractionRules.check(interaction, Instant.now(), (field, message) -> problems.add(field + " " + message));
        }
        if (!problems.isEmpty()) {
            problem.accept(problems.get(0));
            return null;
        }
        return interaction;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field, List<String> problems) {
        if (blank(value)) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(field + " '" + InteractionRules.abbreviate(value) + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
            return null;
        }
    }

    /** An instant with an offset, or a local date-time or date read in {@code zone}. */
    static Instant instant(String value, ZoneId zone, String field, List<String> problems) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(value.replace(' ', 'T')).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    problems.add(field + " '" + InteractionRules.abbreviate(value) + "' is not an ISO 8601 time");
                    return null;
                }
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String emptyToNull(String value) {
        return blank(value) ? null : value.trim();
    }
}
