package io.rapport.relationship.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerRules;
import io.rapport.relationship.api.CustomerUpsert;
import io.rapport.relationship.api.Identifier;
import io.rapport.relationship.api.IdentifierType;

/**
 * A customer file: CSV with a header row, one customer per row, upserted as {@code POST /v1/customers/batch} upserts
 * them. Columns (names match ignoring case, spaces, dashes and underscores): {@code id}, {@code email}, {@code phone},
 * {@code firstName}, {@code lastName}, {@code timeZone}, {@code locale}; {@code social} and {@code external}
 * identifiers (several in a cell separated by ";"); {@code attributes.NAME} for each attribute; and
 * {@code consent.CHANNEL.purpose} (true/false, yes/no, 1/0; empty records nothing) with {@code consentSource} (where
 * the consents came from, "import" by default) and {@code consentAt} (when they took effect, the import's time by
 * default). Empty cells leave the customer's field as it is. A column the format does not know refuses the file:
 * it would otherwise be lost silently.
 */
final class CustomersCsvReader implements RowReader {

    private static final Set<String> PROFILE = Set.of("id", "email", "phone", "firstname", "lastname", "timezone",
            "locale", "social", "external", "consentsource", "consentat");
    private static final String ATTRIBUTE = "attributes.";
    private static final String CONSENT = "consent.";

    private final Instant now;

    CustomersCsvReader(Instant now) {
        this.now = now;
    }

    /** A header cell: a known column by its normalized name, an attribute or a consent. */
    private record Column(String name, String attribute, Channel channel, String purpose) {
    }

    @Override
    public void checkStart(BufferedReader file) throws IOException {
        columns(new CsvRecords(file).next());
    }

    private static List<Column> columns(List<String> header) {
        if (header == null) {
            throw new IllegalArgumentException("the file is empty: a header row is required");
        }
        List<Column> columns = new ArrayList<>();
        TreeSet<String> unknown = new TreeSet<>();
        for (String cell : header) {
            String raw = cell.trim();
            String lower = raw.toLowerCase(Locale.ROOT);
            if (lower.startsWith(ATTRIBUTE) && raw.length() > ATTRIBUTE.length()) {
                columns.add(new Column(null, raw.substring(ATTRIBUTE.length()), null, null));
            } else if (lower.startsWith(CONSENT)) {
                String[] parts = raw.substring(CONSENT.length()).split("\\.", 2);
                Channel channel = parts.length == 2 ? channel(parts[0]) : null;
                if (channel == null) {
                    unknown.add(raw + " (consent.CHANNEL.purpose, CHANNEL one of " + List.of(Channel.values()) + ")");
                }
                columns.add(new Column(null, null, channel, parts.length == 2 ? parts[1] : null));
            } else {
                String name = lower.replaceAll("[\\s_-]", "");
                if (!PROFILE.contains(name)) {
                    unknown.add(raw);
                }
                columns.add(new Column(name, null, null, null));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the header has columns a customer file does not know: " + unknown
                    + "; known are id, email, phone, firstName, lastName, timeZone, locale, social, external, "
                    + "attributes.NAME, consent.CHANNEL.purpose, consentSource and consentAt");
        }
        return columns;
    }

    private static Channel channel(String name) {
        try {
            return Channel.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void read(BufferedReader file, Rows rows) throws IOException {
        CsvRecords records = new CsvRecords(file);
        List<Column> columns = columns(records.next());
        List<String> row;
        while ((row = records.next()) != null) {
            long line = records.line();
            if (row.size() != columns.size()) {
                rows.skipped(line, 1, "expected " + columns.size() + " columns, found " + row.size());
                continue;
            }
            List<String> problems = new ArrayList<>();
            CustomerUpsert customer = customer(columns, row, problems);
            if (customer != null) {
                CustomerRules.checkUpsert(customer, now, (field, problem) -> problems.add(field + ": " + problem));
            }
            if (problems.isEmpty()) {
                rows.customer(customer, line);
            } else {
                rows.skipped(line, 1, problems.get(0));
            }
        }
    }

    private CustomerUpsert customer(List<Column> columns, List<String> row, List<String> problems) {
        Map<String, String> fields = new HashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<Column, Boolean> consents = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            String value = row.get(i).trim();
            if (value.isEmpty()) {
                continue;
            }
            if (column.attribute() != null) {
                attributes.put(column.attribute(), value);
            } else if (column.channel() != null) {
                Boolean granted = granted(value);
                if (granted == null) {
                    problems.add("consent." + column.channel() + "." + column.purpose()
                            + ": true or false (yes/no, 1/0), got '" + abbreviate(value) + "'");
                    return null;
                }
                consents.put(column, granted);
            } else {
                fields.put(column.name(), value);
            }
        }
        List<Identifier> identifiers = new ArrayList<>();
        for (var type : List.of(IdentifierType.SOCIAL, IdentifierType.EXTERNAL)) {
            String cell = fields.get(type.name().toLowerCase(Locale.ROOT));
            for (String value : cell == null ? new String[0] : cell.split(";")) {
                if (!value.isBlank()) {
                    try {
                        identifiers.add(Identifier.of(type, value));
                    } catch (IllegalArgumentException e) {
                        problems.add(type.name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
                        return null;
                    }
                }
            }
        }
        Instant at = now;
        if (fields.containsKey("consentat")) {
            at = InteractionFields.instant(fields.get("consentat"), ZoneOffset.UTC, "consentAt", problems);
            if (at == null) {
                return null;
            }
        }
        String source = fields.getOrDefault("consentsource", "import");
        List<CustomerUpsert.Consent> changes = new ArrayList<>();
        Instant effective = at;
        consents.forEach((column, granted) -> changes.add(new CustomerUpsert.Consent(column.channel(),
                column.purpose(), granted, source, effective)));
        CustomerProfile profile = new CustomerProfile(fields.get("firstname"), fields.get("lastname"),
                fields.get("email"), fields.get("phone"), fields.get("timezone"), fields.get("locale"), attributes);
        return new CustomerUpsert(fields.get("id"), profile, identifiers, changes);
    }

    private static Boolean granted(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1", "granted", "subscribed" -> true;
            case "false", "no", "n", "0", "withdrawn", "unsubscribed" -> false;
            default -> null;
        };
    }

    private static String abbreviate(String value) {
        return io.rapport.relationship.api.InteractionRules.abbreviate(value);
    }
}
