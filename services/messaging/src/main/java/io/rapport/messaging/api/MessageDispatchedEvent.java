package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** The channel's provider accepted the message ({@code providerMessageId}: e.g. the e-mail's Message-ID). */
@Revision("1")
public record MessageDispatchedEvent(String messageId, String tenant, String customerId, MessageChannel channel,
                                     String providerMessageId, int attempt, Instant at) {
}
