package io.rapport.messaging.api;

/** One conversation with its messages; answered with a {@link ConversationView} or null. */
public record FindConversationQuery(String conversationId) {
}
