package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** The channel could not deliver the message, for the provider's reason. */
@Revision("1")
public record MessageFailedEvent(String messageId, String tenant, String customerId, MessageChannel channel,
                                 String reason, int attempts, Instant at) {
}
