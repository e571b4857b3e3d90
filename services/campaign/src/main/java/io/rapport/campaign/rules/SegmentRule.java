package io.rapport.campaign.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A segment's rule: who belongs, as a condition over the customer's relationship attributes, for example
 * {@code churn_risk >= 0.7 and stage = "loyal" and last_purchase_at > now() - 90d and consent.email}.
 *
 * <pre>
 * rule       := or
 * or         := and ("or" and)*
 * and        := unary ("and" unary)*
 * unary      := "not" unary | "(" or ")" | condition
 * condition  := attribute                                  (a true-or-false attribute)
 *             | attribute ("=" | "!=" | "<" | "<=" | ">" | ">=") value
 *             | attribute "in" "[" value ("," value)* "]"
 *             | attribute "contains" string                 (a list attribute, e.g. interests)
 * value      := number | "string" | true | false | now() (("+" | "-") duration)? | "2026-01-31" | "2026-01-31T12:00:00Z"
 * duration   := number ("s" | "m" | "h" | "d" | "w"), e.g. 90d
 * </pre>
 * Types are checked when the rule is read: a number is compared with numbers, a time with times. A customer
 * without a value for an attribute (no purchase yet, no model fit yet) matches no comparison on it, and so matches
 * {@code not} of it.
 */
public final class SegmentRule {

    private final String text;
    private final Node root;
    private final Set<String> attributes;
    private final boolean readsTheClock;

    private SegmentRule(String text, Node root, Set<String> attributes, boolean readsTheClock) {
        this.text = text;
        this.root = root;
        this.attributes = attributes;
        this.readsTheClock = readsTheClock;
    }

    /** Reads a rule; {@link RuleSyntaxException} says where and why it does not. */
    public static SegmentRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new RuleSyntaxException(1, "the rule is empty");
        }
        if (text.length() > 10_000) {
            throw new RuleSyntaxException(10_001, "a rule has at most 10,000 characters");
        }
        Parser parser = new Parser(text);
        Node root = parser.or();
        parser.expectEnd();
        return new SegmentRule(text, root, Collections.unmodifiableSortedSet(parser.used), parser.readsTheClock);
    }

    /** Whether a customer with these attribute values belongs, at {@code now}. */
    public boolean matches(Map<String, ?> customer, Instant now) {
        return root.test(customer, now);
    }

    /** The attributes the rule reads, in name order: a change to anything else cannot change membership. */
    public Set<String> attributes() {
        return attributes;
    }

    /** Whether it compares with now(): then membership changes as time passes, without any event. */
    public boolean readsTheClock() {
        return readsTheClock;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    private interface Node {
        boolean test(Map<String, ?> customer, Instant now);
    }

    /** A value on the right of a comparison; times may be relative to now. */
    private interface Value {
        Object at(Instant now);
    }

    private record Constant(Object value) implements Value {
        @Override
        public Object at(Instant now) {
            return value;
        }
    }

    private record RelativeToNow(Duration offset) implements Value {
        @Override
        public Object at(Instant now) {
            return now.plus(offset);
        }
    }

    private enum Kind { WORD, NUMBER, STRING, SYMBOL, END }

    private record Token(Kind kind, String text, int position) {
    }

    private static final class Parser {

        private final List<Token> tokens;
        private final SortedSet<String> used = new TreeSet<>();
        private boolean readsTheClock;
        private int next;

        Parser(String text) {
            this.tokens = tokenize(text);
        }

        Node or() {
            Node left = and();
            while (word("or")) {
                Node first = left;
                Node second = and();
                left = (customer, now) -> first.test(customer, now) || second.test(customer, now);
            }
            return left;
        }

        Node and() {
            Node left = unary();
            while (word("and")) {
                Node first = left;
                Node second = unary();
                left = (customer, now) -> first.test(customer, now) && second.test(customer, now);
            }
            return left;
        }

        Node unary() {
            if (word("not")) {
                Node inner = unary();
                return (customer, now) -> !inner.test(customer, now);
            }
            if (symbol("(")) {
                Node inner = or();
                expectSymbol(")");
                return inner;
            }
            return condition();
        }

        Node condition() {
            Token name = peek();
            if (name.kind() != Kind.WORD || isKeyword(name.text())) {
                throw new RuleSyntaxException(name.position(), "expected an attribute such as churn_risk or "
                        + "consent.email, found " + describe(name));
            }
            next++;
            String attribute = name.text();
            AttributeType type = AttributeType.of(attribute).orElseThrow(() -> new RuleSyntaxException(
                    name.position(), "no attribute '" + attribute + "'; known: " + String.join(", ",
                    new TreeSet<>(AttributeType.FIXED.keySet())) + ", spend.<currency>, aov.<currency>, "
                    + "consent.<channel>, attribute.<name>"));
            used.add(attribute);
            Token operator = peek();
            if (operator.kind() == Kind.SYMBOL && List.of("=", "!=", "<", "<=", ">", ">=").contains(operator.text())) {
                next++;
                return comparison(attribute, type, operator);
            }
            if (operator.kind() == Kind.WORD && operator.text().equals("in")) {
                next++;
                return membership(attribute, type);
            }
            if (operator.kind() == Kind.WORD && operator.text().equals("contains")) {
                next++;
                if (type != AttributeType.LIST) {
                    throw new RuleSyntaxException(operator.position(), "'contains' needs a list attribute such as "
                            + "interests; " + attribute + " is " + type.describe());
                }
                Token value = peek();
                if (value.kind() != Kind.STRING) {
                    throw new RuleSyntaxException(value.position(), "expected a \"string\" after 'contains', found "
                            + describe(value));
                }
                next++;
                String wanted = value.text().toLowerCase(Locale.ROOT);
                return (customer, now) -> customer.get(attribute) instanceof Collection<?> list
                        && list.stream().anyMatch(item -> String.valueOf(item).toLowerCase(Locale.ROOT).equals(wanted));
            }
            if (type != AttributeType.BOOLEAN) {
                throw new RuleSyntaxException(operator.position(), attribute + " is " + type.describe()
                        + ": compare it (=, !=, <, <=, >, >=, in" + (type == AttributeType.LIST ? ", contains" : "")
                        + "), found " + describe(operator));
            }
            return (customer, now) -> Boolean.TRUE.equals(customer.get(attribute));
        }

        private Node comparison(String attribute, AttributeType type, Token operator) {
            String op = operator.text();
            if ((type == AttributeType.STRING || type == AttributeType.BOOLEAN) && !op.equals("=") && !op.equals("!=")) {
                throw new RuleSyntaxException(operator.position(), attribute + " is " + type.describe()
                        + ": only = and != compare it");
            }
            if (type == AttributeType.LIST) {
                throw new RuleSyntaxException(operator.position(), attribute + " is a list: use 'contains'");
            }
            Value value = value(attribute, type);
            return (customer, now) -> {
                Object actual = customer.get(attribute);
                if (actual == null) {
                    return false;
                }
                Object expected = value.at(now);
                int order = compare(actual, expected);
                return switch (op) {
                    case "=" -> order == 0;
                    case "!=" -> order != 0;
                    case "<" -> order < 0;
                    case "<=" -> order <= 0;
                    case ">" -> order > 0;
                    default -> order >= 0;
                };
            };
        }

        private Node membership(String attribute, AttributeType type) {
            if (type != AttributeType.STRING && type != AttributeType.NUMBER) {
                throw new RuleSyntaxException(peek().position(), "'in' compares a string or number attribute; "
                        + attribute + " is " + type.describe());
            }
            expectSymbol("[");
            List<Object> values = new ArrayList<>();
            do {
                values.add(value(attribute, type).at(Instant.EPOCH));
            } while (symbol(","));
            expectSymbol("]");
            return (customer, now) -> {
                Object actual = customer.get(attribute);
                return actual != null && values.stream().anyMatch(v -> compare(actual, v) == 0);
            };
        }

        private Value value(String attribute, AttributeType type) {
            Token token = peek();
            next++;
            boolean negative = token.kind() == Kind.SYMBOL && token.text().equals("-")
                    && peek().kind() == Kind.NUMBER;
            if (negative) {
                token = peek();
                next++;
            }
            Object constant = null;
            AttributeType found;
            switch (token.kind()) {
                case NUMBER -> {
                    if (!token.text().matches("\\d*\\.?\\d+")) {
                        throw new RuleSyntaxException(token.position(), "'" + token.text() + "' is a duration; "
                                + "durations go with now(), e.g. now() - 90d");
                    }
                    found = AttributeType.NUMBER;
                    constant = (negative ? -1 : 1) * Double.parseDouble(token.text());
                }
                case STRING -> {
                    if (type == AttributeType.TIME) {
                        return new Constant(time(token));
                    }
                    found = AttributeType.STRING;
                    constant = token.text();
                }
                case WORD -> {
                    if (token.text().equals("true") || token.text().equals("false")) {
                        found = AttributeType.BOOLEAN;
                        constant = Boolean.parseBoolean(token.text());
                    } else if (token.text().equals("now")) {
                        expectSymbol("(");
                        expectSymbol(")");
                        if (type != AttributeType.TIME) {
                            throw mismatch(attribute, type, token, AttributeType.TIME);
                        }
                        readsTheClock = true;
                        Duration offset = Duration.ZERO;
                        if (symbol("+")) {
                            offset = duration();
                        } else if (symbol("-")) {
                            offset = duration().negated();
                        }
                        return new RelativeToNow(offset);
                    } else {
                        throw new RuleSyntaxException(token.position(), "expected a value (a number, a \"string\", "
                                + "true, false or now()), found " + describe(token));
                    }
                }
                default -> throw new RuleSyntaxException(token.position(), "expected a value after " + attribute
                        + ", found " + describe(token));
            }
            if (found != type) {
                throw mismatch(attribute, type, token, found);
            }
            return new Constant(constant);
        }

        private static RuleSyntaxException mismatch(String attribute, AttributeType type, Token token,
                                                    AttributeType found) {
            return new RuleSyntaxException(token.position(), attribute + " is " + type.describe() + ", compared with "
                    + found.describe() + (type == AttributeType.TIME ? " (use now() - 90d or \"2026-01-31\")" : ""));
        }

        private Instant time(Token token) {
            try {
                return token.text().length() == 10 ? LocalDate.parse(token.text()).atStartOfDay(ZoneOffset.UTC)
                        .toInstant() : Instant.parse(token.text());
            } catch (DateTimeParseException e) {
                throw new RuleSyntaxException(token.position(), "\"" + token.text() + "\" is not a date (2026-01-31) "
                        + "or an instant (2026-01-31T12:00:00Z)");
            }
        }

        private Duration duration() {
            Token token = peek();
            next++;
            if (token.kind() != Kind.NUMBER || !token.text().matches("\\d+[smhdw]")) {
                throw new RuleSyntaxException(token.position(), "expected a duration such as 90d, 12h, 30m or 2w, "
                        + "found " + describe(token));
            }
            long amount = Long.parseLong(token.text().substring(0, token.text().length() - 1));
            return switch (token.text().charAt(token.text().length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'w' -> Duration.ofDays(7 * amount);
                default -> Duration.ofDays(amount);
            };
        }

        private static int compare(Object actual, Object expected) {
            if (actual instanceof Number a && expected instanceof Number b) {
                return Double.compare(a.doubleValue(), b.doubleValue());
            }
            if (actual instanceof Instant a && expected instanceof Instant b) {
                return a.compareTo(b);
            }
            if (actual instanceof String a && expected instanceof String b) {
                return a.equalsIgnoreCase(b) ? 0 : a.compareToIgnoreCase(b);
            }
            return Objects.equals(actual, expected) ? 0 : 1;
        }

        private Token peek() {
            return tokens.get(next);
        }

        private boolean word(String word) {
            if (peek().kind() == Kind.WORD && peek().text().equals(word)) {
                next++;
                return true;
            }
            return false;
        }

        private boolean symbol(String symbol) {
            if (peek().kind() == Kind.SYMBOL && peek().text().equals(symbol)) {
                next++;
                return true;
            }
            return false;
        }

        private void expectSymbol(String symbol) {
            if (!symbol(symbol)) {
                throw new RuleSyntaxException(peek().position(), "expected '" + symbol + "', found " + describe(peek()));
            }
        }

        void expectEnd() {
            if (peek().kind() != Kind.END) {
                throw new RuleSyntaxException(peek().position(), "expected 'and', 'or' or the end of the rule, found "
                        + describe(peek()));
            }
        }

        private static boolean isKeyword(String word) {
            return Set.of("and", "or", "not", "in", "contains", "true", "false", "now").contains(word);
        }

        private static String describe(Token token) {
            return switch (token.kind()) {
                case END -> "the end of the rule";
                case STRING -> "\"" + token.text() + "\"";
                default -> "'" + token.text() + "'";
            };
        }

        private static List<Token> tokenize(String text) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                int start = i;
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '"') {
                    StringBuilder value = new StringBuilder();
                    i++;
                    while (i < text.length() && text.charAt(i) != '"') {
                        if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                            i++;
                        }
                        value.append(text.charAt(i++));
                    }
                    if (i >= text.length()) {
                        throw new RuleSyntaxException(start + 1, "a string is not closed with \"");
                    }
                    i++;
                    tokens.add(new Token(Kind.STRING, value.toString(), start + 1));
                } else if (Character.isDigit(c) || c == '.' && i + 1 < text.length()
                        && Character.isDigit(text.charAt(i + 1))) {
                    while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                        i++;
                    }
                    if (i < text.length() && "smhdw".indexOf(text.charAt(i)) >= 0
                            && (i + 1 == text.length() || !Character.isLetterOrDigit(text.charAt(i + 1)))) {
                        i++;
                    }
                    String number = text.substring(start, i);
                    if (!number.matches("\\d+(\\.\\d+)?[smhdw]?|\\.\\d+")) {
                        throw new RuleSyntaxException(start + 1, "'" + number + "' is not a number");
                    }
                    tokens.add(new Token(Kind.NUMBER, number, start + 1));
                } else if (Character.isLetter(c) || c == '_') {
                    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                            || text.charAt(i) == '.')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.WORD, text.substring(start, i), start + 1));
                } else {
                    String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                    if (List.of("!=", "<=", ">=").contains(two)) {
                        i += 2;
                        tokens.add(new Token(Kind.SYMBOL, two, start + 1));
                    } else if ("=<>()[],+-".indexOf(c) >= 0) {
                        i++;
                        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), start + 1));
                    } else {
                        throw new RuleSyntaxException(start + 1, "unexpected '" + c + "'");
                    }
                }
            }
            tokens.add(new Token(Kind.END, "", text.length() + 1));
            return tokens;
        }
    }
}
