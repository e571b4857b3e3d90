package io.rapport.messaging.command;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.SendMessageCommand;
import io.rapport.messaging.policy.CustomerFacts;

/**
 * Fills in what a request leaves to Rapport: the channel for PREFERRED, the address from the customer's profile,
 * and the customer's own variables ({@code customer_first_name}, …) under the request's. The relationship service
 * is asked only when one of them is needed, so a receipt does not wait on it.
 */
public class Personalisation {

    private final CustomerFacts facts;

    public Personalisation(CustomerFacts facts) {
        this.facts = facts;
    }

    /** The request as it will be sent, or why it cannot be; the customer as read for it (null: not read). */
    public record Resolved(SendMessageCommand command, String refusal, CustomerFacts.Customer customer) {
    }

    public Resolved resolve(SendMessageCommand request) {
        boolean mentionsCustomer = mentionsCustomer(request.template().subject())
                || mentionsCustomer(request.template().body());
        if (request.channel() != MessageChannel.PREFERRED && request.recipient() != null && !mentionsCustomer) {
            return new Resolved(request, null, null);
        }
        Optional<CustomerFacts.Customer> customer = facts.customer(request.tenant(), request.customerId());
        MessageChannel channel = request.channel() == MessageChannel.PREFERRED
                ? customer.flatMap(CustomerFacts.Customer::preferredChannel).orElse(MessageChannel.EMAIL)
                : request.channel();
        String recipient = request.recipient() != null ? request.recipient() : switch (channel) {
            case EMAIL -> customer.map(CustomerFacts.Customer::email).orElse(null);
            case SMS -> customer.map(CustomerFacts.Customer::phone).orElse(null);
            default -> null;
        };
        Map<String, String> variables = new HashMap<>(customer.map(CustomerFacts.Customer::variables).orElse(Map.of()));
        variables.putAll(request.variables());
        SendMessageCommand resolved = new SendMessageCommand(request.messageId(), request.tenant(),
                request.idempotencyKey(), request.customerId(), channel, request.purpose(), recipient,
                request.template(), variables);
        return new Resolved(resolved, recipient == null
                ? "no " + channel + " address: none was given and the customer's profile has none" : null,
                customer.orElse(null));
    }

    private static boolean mentionsCustomer(String template) {
        return template != null && template.contains("customer_");
    }
}
