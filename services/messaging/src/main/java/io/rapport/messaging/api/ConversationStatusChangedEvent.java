package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** An agent set a conversation's status (a reply or a new customer message change it too, without this event). */
@Revision("1")
public record ConversationStatusChangedEvent(String conversationId, String tenant, ConversationStatus status,
                                             Instant at) {
}
