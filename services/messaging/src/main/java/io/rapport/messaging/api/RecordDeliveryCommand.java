package io.rapport.messaging.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The provider's later word on a dispatched message: delivered, bounced (hard: the address does not exist; soft:
 * a full mailbox and the like) or complained (marked as spam). Answered with true when it was news.
 */
public record RecordDeliveryCommand(@TargetAggregateIdentifier String messageId, DeliveryStatus status,
                                    String reason) {

    public enum DeliveryStatus { DELIVERED, SOFT_BOUNCE, HARD_BOUNCE, COMPLAINED }
}
