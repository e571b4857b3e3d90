package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A customer wrote on a channel where no conversation with them was going on. */
@Revision("1")
public record ConversationStartedEvent(String conversationId, String tenant, String customerId, MessageChannel channel,
                                       Instant at) {
}
