package io.rapport.messaging.api;

import java.time.Instant;
import java.util.List;

/**
 * A conversation: where it stands and, when read alone, its messages oldest first.
 *
 * @param flaggedComplaint a complaint was received and not answered since
 * @param firstResponseAt  the first agent reply after the first customer message, or null
 */
public record ConversationView(String conversationId, String customerId, MessageChannel channel,
                               ConversationStatus status, String assignee, boolean flaggedComplaint,
                               String suggestedReply, Instant startedAt, Instant lastMessageAt,
                               Instant firstResponseAt, int inboundCount, int replyCount, double lastSentiment,
                               List<Entry> entries) {

    /** A message in the conversation: the customer's (INBOUND) or an agent's (REPLY). */
    public record Entry(String direction, String id, Instant at, String from, String subject, String text,
                        double sentiment, boolean complaint, String agent, String messageId) {
    }

    /** Seconds from the first customer message to the first reply, or null. */
    public Double firstResponseSeconds() {
        return firstResponseAt == null ? null : (firstResponseAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }
}
