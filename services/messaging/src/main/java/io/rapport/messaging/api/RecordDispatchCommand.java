package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The channel's outcome of attempt {@code attempt}: dispatched ({@code failure} null), to be retried at
 * {@code retryAt}, or failed for good ({@code retryAt} null).
 */
public record RecordDispatchCommand(@TargetAggregateIdentifier String messageId, int attempt,
                                    String providerMessageId, String failure, Instant retryAt) {

    public static RecordDispatchCommand dispatched(String messageId, int attempt, String providerMessageId) {
        return new RecordDispatchCommand(messageId, attempt, providerMessageId, null, null);
    }

    public static RecordDispatchCommand failed(String messageId, int attempt, String failure, Instant retryAt) {
        return new RecordDispatchCommand(messageId, attempt, null, failure, retryAt);
    }
}
