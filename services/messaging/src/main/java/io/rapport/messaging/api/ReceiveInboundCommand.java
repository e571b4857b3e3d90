package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A customer's message joins a conversation (starting it when new); answered with true when it was news (the same
 * inbound id again changes nothing).
 *
 * @param sentiment        VADER's compound score of the text
 * @param suggestedReply   for a complaint, the apology an agent may send; otherwise null
 * @param repliedMessageId the message this answers, when the customer replied to one
 * @param threadId         the provider's thread (SMS, social), or null
 */
public record ReceiveInboundCommand(@TargetAggregateIdentifier String conversationId, String tenant,
                                    String customerId, MessageChannel channel, String inboundId, String from,
                                    String subject, String text, double sentiment, boolean complaint,
                                    String suggestedReply, String repliedMessageId, String threadId,
                                    Instant receivedAt) {
}
