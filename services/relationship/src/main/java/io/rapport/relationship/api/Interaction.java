package io.rapport.relationship.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.rapport.platform.privacy.PersonalData;

/**
 * One thing that happened between the brand and a customer, as recorded.
 *
 * @param eventId    client-supplied, unique per customer: recording it again is a no-op
 * @param occurredAt when it happened, which may be long before it was recorded
 * @param amount     for purchases and returns, with its ISO 4217 {@code currency}
 * @param content    what was written: personal data, stored sealed with the customer's key
 * @param sentiment  VADER's reading of inbound content, fixed when recorded; null for anything else
 */
public record Interaction(String eventId, Channel channel, Direction direction, InteractionKind kind,
                          Instant occurredAt, BigDecimal amount, String currency, @PersonalData String content,
                          String reference,
                          String campaignId, String messageId, List<String> tags, Sentiment sentiment) {

    public Interaction {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Whether this is something the customer wrote to the brand, whose tone is worth reading. */
    public boolean carriesInboundText() {
        return direction == Direction.INBOUND && content != null && !content.isBlank();
    }

    public Interaction withSentiment(Sentiment sentiment) {
        return new Interaction(eventId, channel, direction, kind, occurredAt, amount, currency, content, reference,
                campaignId, messageId, tags, sentiment);
    }
}
