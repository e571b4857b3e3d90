package io.rapport.messaging.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An agent's reply, sent as message {@code messageId}; the same reply id again changes nothing. */
public record RecordAgentReplyCommand(@TargetAggregateIdentifier String conversationId, String replyId, String agent,
                                      String text, String messageId) {
}
