package io.rapport.gateway.bounds;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rapport.platform.bounds.Bounds;
import io.rapport.platform.liquid.LiquidSandbox;
import tools.jackson.databind.JsonNode;

/**
 * The size bounds of every JSON body the API takes, by property name, with a default for every other: the one
 * table the gateway both enforces on each request body (before any service sees it) and writes into the OpenAPI
 * document ({@link BoundsDocumenter}). Finer rules (patterns, ranges, what a field means) are the services'.
 */
public final class BodyBounds {

    /** A string with no bound of its own: one line of text. */
    public static final int DEFAULT_STRING = Bounds.MAX_LINE;
    /** An array with no bound of its own. */
    public static final int DEFAULT_ITEMS = 1_000;
    /** A map (an object of free keys) with no bound of its own. */
    public static final int DEFAULT_ENTRIES = Bounds.MAX_ATTRIBUTES;
    /** How deep objects and arrays may nest. */
    public static final int MAX_DEPTH = 16;
    /** The largest number any field takes, in magnitude. */
    public static final double MAX_NUMBER = 1e15;
    /** The largest amount of money, as {@link Bounds#amount} allows it. */
    public static final double MAX_AMOUNT = 999_999_999_999.9999;

    /** Objects whose keys are the client's (attributes, template variables), not the API's property names. */
    public static final Set<String> MAPS = Set.of("attributes", "variables", "defaults", "templates");

    private static final Map<String, Integer> STRINGS = Map.ofEntries(
            Map.entry("body", LiquidSandbox.MAX_TEMPLATE),
            Map.entry("html", LiquidSandbox.MAX_TEMPLATE),
            Map.entry("subject", LiquidSandbox.MAX_TEMPLATE),
            Map.entry("rule", Bounds.MAX_TEXT),
            Map.entry("content", Bounds.MAX_TEXT),
            Map.entry("text", Bounds.MAX_TEXT));
    private static final Map<String, Integer> ARRAYS = Map.of(
            "tags", Bounds.MAX_TAGS,
            "identifiers", Bounds.MAX_IDENTIFIERS,
            "interactions", 1_000,
            "references", 100,
            "scopes", 3,
            "variants", 10,
            "steps", 50);

    private BodyBounds() {
    }

    /** The longest string {@code property} takes; ids (and keys) are bounded like ids. */
    public static int maxLength(String property) {
        if (isId(property)) {
            return Bounds.MAX_ID;
        }
        return STRINGS.getOrDefault(property, DEFAULT_STRING);
    }

    /** The largest number {@code property} takes (amounts of money: 12 digits and 4 decimals). */
    public static double maxNumber(String property) {
        return property.equals("amount") ? MAX_AMOUNT : MAX_NUMBER;
    }

    public static double minNumber(String property) {
        return property.equals("amount") ? 0 : -MAX_NUMBER;
    }

    public static int maxItems(String property) {
        return ARRAYS.getOrDefault(property, DEFAULT_ITEMS);
    }

    private static boolean isId(String property) {
        return property.equals("id") || property.endsWith("Id") || property.endsWith("Key");
    }

    /** Whether {@code property} names a time (an ISO-8601 instant within {@link Bounds#instant}). */
    public static boolean isTime(String property) {
        return property.endsWith("At") || property.endsWith("Time")
                || Set.of("at", "asOf", "knownAt", "from", "to").contains(property);
    }

    /** Every bound {@code body} breaks, each as "field: cause" with the field spelled as in the request. */
    public static List<String> check(JsonNode body) {
        List<String> problems = new ArrayList<>();
        check(body, "", "", 0, problems);
        return problems.size() > 20 ? problems.subList(0, 20) : problems;
    }

    private static void check(JsonNode node, String path, String property, int depth, List<String> problems) {
        String at = path.isEmpty() ? "body" : path;
        if (depth > MAX_DEPTH) {
            problems.add(at + ": nested deeper than " + MAX_DEPTH + " levels");
            return;
        }
        if (node.isString()) {
            String text = node.asString();
            int max = maxLength(property);
            if (text.length() > max) {
                problems.add(at + ": at most " + max + " characters, got " + text.length());
            } else if (isTime(property)) {
                checkTime(text, at, problems);
            } else if (isId(property) && Bounds.isDotSegment(text)) {
                problems.add(at + ": an id cannot be . or ..");
            }
        } else if (node.isNumber() && isTime(property)) {
            problems.add(at + ": an ISO-8601 time such as 2026-01-31T09:30:00Z is required, as a string");
        } else if (node.isNumber()) {
            double value = node.asDouble();
            if (!Double.isFinite(value) || value > maxNumber(property) || value < minNumber(property)) {
                problems.add(at + ": a number from " + format(minNumber(property)) + " to "
                        + format(maxNumber(property)) + " is required");
            }
        } else if (node.isArray()) {
            int max = maxItems(property);
            if (node.size() > max) {
                problems.add(at + ": at most " + max + " items, got " + node.size());
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]", property, depth + 1, problems);
            }
        } else if (node.isObject()) {
            boolean map = MAPS.contains(property);
            if (map && node.size() > DEFAULT_ENTRIES) {
                problems.add(at + ": at most " + DEFAULT_ENTRIES + " entries, got " + node.size());
                return;
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String name = entry.getKey();
                String child = path.isEmpty() ? name : path + "." + name;
                if (map && name.length() > Bounds.MAX_ATTRIBUTE_NAME) {
                    problems.add(at + ": keys of at most " + Bounds.MAX_ATTRIBUTE_NAME + " characters");
                } else if (map && entry.getValue().isString()) {
                    if (entry.getValue().asString().length() > Bounds.MAX_ATTRIBUTE_VALUE) {
                        problems.add(child + ": at most " + Bounds.MAX_ATTRIBUTE_VALUE + " characters");
                    }
                } else {
                    check(entry.getValue(), child, map ? "" : name, depth + 1, problems);
                }
            }
        }
    }

    private static String format(double bound) {
        return java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }

    private static void checkTime(String text, String at, List<String> problems) {
        Instant time;
        try {
            time = Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            return; // not an instant (a local time, a duration): the field's own rules read it
        }
        String problem = Bounds.instant(time);
        if (problem != null) {
            problems.add(at + ": " + problem);
        }
    }
}
