package io.rapport.platform.bounds;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one contract of bounds for what clients send, whichever door it comes in by (REST, import files, gRPC): the
 * gateway's OpenAPI document shows these numbers, the services enforce them. A value outside them is refused with
 * the field and the cause; nothing outside them reaches an event, so every fold and projection is total over what
 * is stored.
 */
public final class Bounds {

    /** The earliest time anything may be said to have happened or be asked about. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    /** The latest time any schedule, expiry or as-of may name. */
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
    /** How far ahead of the server's clock something may be said to have happened (clients' clocks drift). */
    public static final Duration CLOCK_SKEW = Duration.ofDays(1);
    /** Amounts: at most this many digits before the decimal point ... */
    public static final int AMOUNT_INTEGER_DIGITS = 12;
    /** ... and this many after it. */
    public static final int AMOUNT_SCALE = 4;
    /** Ids chosen by clients (customers, events, segments, campaigns, ...). */
    public static final int MAX_ID = 128;
    /** Names, subjects, sources, references and other one-line text. */
    public static final int MAX_LINE = 500;
    /** Free text: interaction content, messages, replies. */
    public static final int MAX_TEXT = 10_000;
    public static final int MAX_ATTRIBUTES = 100;
    public static final int MAX_ATTRIBUTE_NAME = 64;
    public static final int MAX_ATTRIBUTE_VALUE = 1_000;
    public static final int MAX_IDENTIFIERS = 20;
    public static final int MAX_TAGS = 50;
    public static final int MAX_TAG = 64;

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());
    private static final BigDecimal AMOUNT_LIMIT = BigDecimal.TEN.pow(AMOUNT_INTEGER_DIGITS);

    private Bounds() {
    }

    /** The problem with a time that must lie in the supported range, or null. */
    public static String instant(Instant value) {
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            return "must lie between " + EARLIEST + " and " + LATEST;
        }
        return null;
    }

    /** The problem with a time something happened (not after the server's clock plus the skew), or null. */
    public static String happened(Instant value, Instant now) {
        Instant latest = now.plus(CLOCK_SKEW);
        if (value.isBefore(EARLIEST) || value.isAfter(latest)) {
            return "must lie between " + EARLIEST + " and a day after now";
        }
        return null;
    }

    /** The problem with a non-negative amount of money, or null. */
    public static String amount(BigDecimal value) {
        if (value.signum() < 0) {
            return "must not be negative";
        }
        if (value.compareTo(AMOUNT_LIMIT) >= 0) {
            return "must be below 10^" + AMOUNT_INTEGER_DIGITS;
        }
        if (value.stripTrailingZeros().scale() > AMOUNT_SCALE) {
            return "at most " + AMOUNT_SCALE + " decimal places";
        }
        return null;
    }

    /** Whether {@code code} is an ISO 4217 currency code (upper case) known to the platform. */
    public static boolean isCurrency(String code) {
        return code != null && CURRENCIES.contains(code);
    }

    /** Ids name resources in paths: {@code .} and {@code ..} would name something else. */
    public static boolean isDotSegment(String id) {
        return ".".equals(id) || "..".equals(id);
    }

    /** The problem with optional text of at most {@code max} characters, or null. */
    public static String length(String value, int max) {
        return value != null && value.length() > max ? "at most " + max + " characters" : null;
    }
}
