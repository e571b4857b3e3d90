package io.rapport.messaging.api;

import java.util.Map;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Send one message; answered with its {@link MessageStatus}. The same idempotency key again changes nothing and
 * answers with what the first request became.
 *
 * @param recipient the address on the channel (an e-mail address for EMAIL)
 * @param variables the template's variables
 */
public record SendMessageCommand(@TargetAggregateIdentifier String messageId, String tenant, String idempotencyKey,
                                 String customerId, MessageChannel channel, MessagePurpose purpose, String recipient,
                                 MessageTemplate template, Map<String, String> variables) {

    public SendMessageCommand {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
