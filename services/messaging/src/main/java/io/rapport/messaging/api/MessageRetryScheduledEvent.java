package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** Attempt {@code attempt} failed for a passing reason (a provider 5xx, a timeout); the next is due at {@code retryAt}. */
@Revision("1")
public record MessageRetryScheduledEvent(String messageId, String tenant, String customerId, MessageChannel channel,
                                         int attempt, String reason, Instant retryAt, Instant at) {
}
