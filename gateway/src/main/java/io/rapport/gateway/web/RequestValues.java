package io.rapport.gateway.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import com.google.protobuf.Timestamp;

/**
 * Turns the JSON and query-string values of the relationship resources into proto values, collecting every
 * problem (field and cause) instead of stopping at the first.
 */
public final class RequestValues {

    /** The longest cursor any list gives out, with room to spare. */
    static final int MAX_CURSOR = 1_000;

    private RequestValues() {
    }

    /** A proto enum named without its prefix ("EMAIL" for {@code CHANNEL_EMAIL}), case-insensitively. */
    public static <E extends Enum<E>> Optional<E> enumValue(String value, String prefix, Class<E> type, String field,
                                                     List<String> errors) {
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .filter(n -> n.startsWith(prefix) && !n.endsWith("_UNSPECIFIED"))
                .map(n -> n.substring(prefix.length())).toList();
        if (value == null || value.isBlank()) {
            errors.add(field + ": required, one of " + allowed);
            return Optional.empty();
        }
        if (!allowed.contains(value.toUpperCase())) {
            errors.add(field + ": unknown value '" + value + "', expected one of " + allowed);
            return Optional.empty();
        }
        return Optional.of(Enum.valueOf(type, prefix + value.toUpperCase()));
    }

    /** An optional ISO-8601 instant. */
    public static Optional<Instant> instant(String value, String field, List<String> errors) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            errors.add(field + ": not an ISO-8601 instant such as 2026-01-31T00:00:00Z: '" + value + "'");
            return Optional.empty();
        }
    }

    /** An optional whole number within bounds. */
    public static Optional<Integer> integer(String value, String field, int min, int max, List<String> errors) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return Optional.of(number);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(field + ": a whole number from " + min + " to " + max + " is required, got '" + value + "'");
        return Optional.empty();
    }

    /**
     * A list call's page, set on its gRPC request: {@code limit} (1 to {@code maxLimit}; a problem otherwise) and
     * {@code cursor} (a previous answer's {@code nextCursor}, passed on as the page token).
     */
    public static void page(String limit, String cursor, int maxLimit, List<String> errors, IntConsumer setPageSize,
                            Consumer<String> setPageToken) {
        integer(limit, "limit", 1, maxLimit, errors).ifPresent(setPageSize::accept);
        if (cursor != null && cursor.length() > MAX_CURSOR) {
            errors.add("cursor: not a cursor this API gave out (at most " + MAX_CURSOR + " characters)");
        } else if (cursor != null) {
            setPageToken.accept(cursor);
        }
    }

    /** A list answer's {@code nextCursor}: null on the last page. */
    public static String nextCursor(String nextPageToken) {
        return nextPageToken.isEmpty() ? null : nextPageToken;
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
