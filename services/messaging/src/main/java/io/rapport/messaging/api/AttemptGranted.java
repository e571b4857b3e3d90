package io.rapport.messaging.api;

/**
 * The answer to a {@link StartAttemptCommand} that may go ahead: the attempt's number and the message as rendered
 * (its address, subject and bodies, unsealed), so the sender need not read the message again.
 */
public record AttemptGranted(int attempt, MessageRenderedEvent message) {
}
