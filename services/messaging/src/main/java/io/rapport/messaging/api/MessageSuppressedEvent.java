package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A policy or the template refused the message; it will never be sent. */
@Revision("1")
public record MessageSuppressedEvent(String messageId, String tenant, String customerId, MessageChannel channel,
                                     String reason, Instant at) {
}
