package io.rapport.messaging.api;

/**
 * Where a message stands: REQUESTED, SUPPRESSED (with {@code reason}), RENDERED (waiting for its channel),
 * DISPATCHED (handed to the provider), FAILED (with {@code reason}).
 */
public record MessageStatus(String messageId, String state, String reason) {
}
