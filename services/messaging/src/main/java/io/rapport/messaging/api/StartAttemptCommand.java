package io.rapport.messaging.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Start attempt {@code attempt} at handing a message to its channel; answered with an {@link AttemptGranted}, or
 * null when there is nothing to send (already sent, failed, or another attempt is due).
 *
 * @param maxAttempts how many attempts a message gets in all
 */
public record StartAttemptCommand(@TargetAggregateIdentifier String messageId, int attempt, int maxAttempts) {
}
