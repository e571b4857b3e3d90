package io.rapport.messaging.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A new status and/or assignee for a conversation.
 *
 * @param status   null: unchanged
 * @param assignee null: unchanged; empty: unassigned
 */
public record UpdateConversationCommand(@TargetAggregateIdentifier String conversationId, ConversationStatus status,
                                        String assignee) {
}
