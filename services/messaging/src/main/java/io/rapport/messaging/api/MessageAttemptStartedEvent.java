package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/**
 * The message is about to be handed to its channel. Recorded before the hand-off, so that after a crash Rapport
 * knows the outcome of this attempt is in doubt.
 */
@Revision("1")
public record MessageAttemptStartedEvent(String messageId, String tenant, String customerId, MessageChannel channel,
                                         int attempt, Instant at) {
}
