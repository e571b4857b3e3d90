package io.rapport.relationship.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Any CSV with a header row, read through a column mapping: each interaction field names a column, or gives a
 * constant after "=" (e.g. {@code "kind": "=PURCHASE"}). Local times are read in the mapping's {@code timeZone}
 * (UTC by default). Without an eventId column, ids are derived from the row's content.
 */
final class MappedCsvReader implements RowReader {

    private final Map<String, String> mapping;
    private final ZoneId zone;

    MappedCsvReader(Map<String, String> mapping) {
        Map<String, String> fields = new HashMap<>(mapping);
        String timeZone = fields.remove("timeZone");
        TreeSet<String> unknown = new TreeSet<>(fields.keySet());
        unknown.removeAll(InteractionFields.NAMES);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("mapping names unknown fields " + unknown + "; known are "
                    + new TreeSet<>(InteractionFields.NAMES) + " and timeZone");
        }
        TreeSet<String> missing = new TreeSet<>(InteractionFields.REQUIRED);
        missing.removeAll(fields.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("mapping must give " + missing + " (a column name, or =constant)");
        }
        try {
            this.zone = timeZone == null ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("mapping timeZone '" + timeZone + "' is not an IANA time zone");
        }
        this.mapping = Map.copyOf(fields);
    }

    @Override
    public void checkStart(BufferedReader file) throws IOException {
        columns(new CsvRecords(file).next());
    }

    private Map<String, Integer> columns(List<String> header) {
        if (header == null) {
            throw new IllegalArgumentException("the file is empty: a header row is required");
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i).trim(), i);
        }
        mapping.forEach((field, source) -> {
            if (!source.startsWith("=") && !columns.containsKey(source)) {
                throw new IllegalArgumentException("mapping of " + field + " names column '" + source
                        + "', which the header does not have: " + header);
            }
        });
        return columns;
    }

    @Override
    public void read(BufferedReader file, Rows rows) throws IOException {
        CsvRecords records = new CsvRecords(file);
        List<String> header = records.next();
        Map<String, Integer> columns = columns(header);
        EventIds ids = new EventIds("csv");
        List<String> row;
        while ((row = records.next()) != null) {
            long line = records.line();
            if (row.size() != header.size()) {
                rows.skipped(line, 1, "expected " + header.size() + " columns, found " + row.size());
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (var entry : mapping.entrySet()) {
                String source = entry.getValue();
                fields.put(entry.getKey(), source.startsWith("=") ? source.substring(1) : row.get(columns.get(source)));
            }
            String eventId = fields.get("eventId") != null && !fields.get("eventId").isBlank()
                    ? fields.get("eventId").trim() : ids.nextDigest(String.join("\u001f", row));
            var interaction = InteractionFields.interaction(fields, eventId, zone,
                    reason -> rows.skipped(line, 1, reason));
            if (interaction != null) {
                rows.interaction(fields.get("customerId").trim(), interaction, 1);
            }
        }
    }
}
