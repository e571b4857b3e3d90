package io.rapport.messaging.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The channel's outcome for a rendered message: dispatched ({@code failure} null) or failed. */
public record RecordDispatchCommand(@TargetAggregateIdentifier String messageId, String providerMessageId,
                                    String failure, int attempt) {
}
