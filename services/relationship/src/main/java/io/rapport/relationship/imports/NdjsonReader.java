package io.rapport.relationship.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One JSON object per line with the interaction's fields ({@code customerId}, {@code eventId}, {@code channel},
 * {@code direction}, {@code kind}, {@code occurredAt}, {@code amount}, {@code currency}, {@code content},
 * {@code reference}, {@code campaignId}, {@code messageId}, {@code tags} as an array). Unknown fields skip the
 * line: a misspelt field would otherwise be lost silently.
 */
final class NdjsonReader implements RowReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void read(BufferedReader file, Rows rows) throws IOException {
        EventIds ids = new EventIds("ndjson");
        long lineNumber = 0;
        String line;
        while ((line = file.readLine()) != null) {
            long current = ++lineNumber;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                rows.skipped(current, 1, "not JSON: " + e.getOriginalMessage());
                continue;
            }
            if (!node.isObject()) {
                rows.skipped(current, 1, "not a JSON object");
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            TreeSet<String> unknown = new TreeSet<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!InteractionFields.NAMES.contains(field.getKey())) {
                    unknown.add(field.getKey());
                } else if (field.getValue().isArray()) {
                    StringBuilder joined = new StringBuilder();
                    field.getValue().forEach(v -> joined.append(v.asText()).append(';'));
                    fields.put(field.getKey(), joined.toString());
                } else if (!field.getValue().isNull()) {
                    fields.put(field.getKey(), field.getValue().asText());
                }
            }
            if (!unknown.isEmpty()) {
                rows.skipped(current, 1, "unknown fields " + unknown);
                continue;
            }
            String eventId = fields.get("eventId") != null && !fields.get("eventId").isBlank()
                    ? fields.get("eventId") : ids.nextDigest(line.strip());
            var interaction = InteractionFields.interaction(fields, eventId, ZoneOffset.UTC,
                    reason -> rows.skipped(current, 1, reason));
            if (interaction != null) {
                rows.interaction(fields.get("customerId").trim(), interaction, 1);
            }
        }
    }
}
