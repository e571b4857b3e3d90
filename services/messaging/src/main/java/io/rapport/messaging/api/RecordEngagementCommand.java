package io.rapport.messaging.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The recipient opened the message, clicked a link in it, or unsubscribed through it; answered with true when
 * this was news (opens and clicks are recorded once each; a repeat changes nothing).
 *
 * @param kind OPENED, CLICKED or UNSUBSCRIBED
 */
public record RecordEngagementCommand(@TargetAggregateIdentifier String messageId, String kind, String url) {
}
