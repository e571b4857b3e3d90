package io.rapport.relationship.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One thing that happened between the brand and a customer, as recorded.
 *
 * @param eventId    client-supplied, unique per customer: recording it again is a no-op
 * @param occurredAt when it happened, which may be long before it was recorded
 * @param amount     for purchases and returns, with its ISO 4217 {@code currency}
 */
public record Interaction(String eventId, Channel channel, Direction direction, InteractionKind kind,
                          Instant occurredAt, BigDecimal amount, String currency, String content, String reference,
                          String campaignId, String messageId, List<String> tags) {

    public Interaction {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
