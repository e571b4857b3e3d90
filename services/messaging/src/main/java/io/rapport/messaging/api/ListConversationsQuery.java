package io.rapport.messaging.api;

/**
 * A page of a workspace's conversations, most recently active first; answered with a {@link ConversationPage}.
 * Null filters match everything.
 *
 * @param after the previous page's {@code next}, or null for the first page
 */
public record ListConversationsQuery(String tenant, ConversationStatus status, MessageChannel channel,
                                     Boolean flaggedComplaint, String assignee, String customerId, int pageSize,
                                     String after) {
}
