package io.rapport.messaging.inbound;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.platform.grpc.RequestRejectedException;

/**
 * A customer's message as a provider's webhook delivers it (the JSON shape is in the README, "Inbound webhooks").
 *
 * @param id         the provider's id of the message (an e-mail's Message-ID): a repeat of it is ignored
 * @param from       an e-mail address, a phone number, or {@code network:handle}
 * @param name       the sender's display name, if the provider knows it
 * @param references e-mail: the Message-IDs of In-Reply-To and References, most recent first
 * @param threadId   SMS and social: the provider's conversation or thread id
 */
public record InboundMessage(MessageChannel channel, String id, String from, String name, String subject,
                             String text, List<String> references, String threadId, Instant receivedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 20_000;
    private static final Pattern SOCIAL = Pattern.compile("[a-z0-9_.-]{1,32}:@?[^\\s:]{1,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().-]{5,20}");

    /** Reads and checks a webhook body; INVALID_ARGUMENT naming every problem. */
    public static InboundMessage parse(MessageChannel channel, byte[] body) {
        JsonNode json = read(body);
        List<String> problems = new ArrayList<>();
        String id = text(json, "id", true, 256, problems);
        String from = text(json, "from", true, 320, problems);
        String text = text(json, "text", true, MAX_TEXT, problems);
        String name = text(json, "name", false, 200, problems);
        String subject = text(json, "subject", false, 500, problems);
        String threadId = text(json, "thread_id", false, 256, problems);
        if (from != null) {
            Pattern shape = switch (channel) {
                case EMAIL -> EMAIL;
                case SMS -> PHONE;
                default -> SOCIAL;
            };
            if (!shape.matcher(from).matches()) {
                problems.add("from: not " + switch (channel) {
                    case EMAIL -> "an e-mail address";
                    case SMS -> "a phone number";
                    default -> "network:handle, e.g. twitter:@ada";
                });
            }
        }
        List<String> references = new ArrayList<>();
        String inReplyTo = text(json, "in_reply_to", false, 998, problems);
        if (inReplyTo != null) {
            references.add(inReplyTo);
        }
        JsonNode refs = json.path("references");
        if (refs.isArray()) {
            for (int i = refs.size() - 1; i >= 0; i--) {
                if (refs.get(i).isTextual()) {
                    references.add(refs.get(i).asText());
                }
            }
        } else if (!refs.isMissingNode() && !refs.isNull()) {
            problems.add("references: a list of Message-IDs");
        }
        Instant receivedAt = Instant.now();
        String at = text(json, "received_at", false, 64, problems);
        if (at != null) {
            try {
                receivedAt = Instant.parse(at);
            } catch (DateTimeParseException e) {
                problems.add("received_at: an ISO-8601 instant, e.g. 2026-11-23T10:15:30Z");
            }
        }
        if (!problems.isEmpty()) {
            throw RequestRejectedException.invalid(String.join("; ", problems));
        }
        return new InboundMessage(channel, id, from.strip(), name, subject, text, List.copyOf(references), threadId,
                receivedAt);
    }

    /** A provider's delivery report. */
    public record DeliveryReport(String messageId, String status, String reason) {

        private static final List<String> STATUSES = List.of("delivered", "soft_bounce", "hard_bounce", "complained");

        public static DeliveryReport parse(byte[] body) {
            JsonNode json = read(body);
            List<String> problems = new ArrayList<>();
            String messageId = text(json, "message_id", true, 128, problems);
            String status = text(json, "status", true, 32, problems);
            String reason = text(json, "reason", false, 500, problems);
            if (status != null && !STATUSES.contains(status)) {
                problems.add("status: one of " + String.join(", ", STATUSES));
            }
            if (!problems.isEmpty()) {
                throw RequestRejectedException.invalid(String.join("; ", problems));
            }
            return new DeliveryReport(messageId, status, reason);
        }
    }

    static JsonNode read(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw RequestRejectedException.invalid("body: a JSON object required");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw RequestRejectedException.invalid("body: not JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw RequestRejectedException.invalid("body: unreadable");
        }
    }

    private static String text(JsonNode json, String field, boolean required, int max, List<String> problems) {
        JsonNode value = json.path(field);
        if (value.isMissingNode() || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            if (required) {
                problems.add(field + ": required");
            }
            return null;
        }
        if (!value.isTextual()) {
            problems.add(field + ": a string");
            return null;
        }
        if (value.asText().length() > max) {
            problems.add(field + ": at most " + max + " characters");
            return null;
        }
        return value.asText();
    }
}
