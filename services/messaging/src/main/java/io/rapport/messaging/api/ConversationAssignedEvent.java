package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** The conversation is now {@code assignee}'s (empty: nobody's). */
@Revision("1")
public record ConversationAssignedEvent(String conversationId, String tenant, String assignee, Instant at) {
}
