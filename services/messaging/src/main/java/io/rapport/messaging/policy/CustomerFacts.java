package io.rapport.messaging.policy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import io.rapport.messaging.api.MessageChannel;

/** What the send policy needs to know about a customer, from the relationship service. */
public interface CustomerFacts {

    /** Whether consent for the channel and purpose was held at {@code at}; false for an unknown customer. */
    boolean consentHeld(String tenant, String customerId, MessageChannel channel, String purpose, Instant at);

    /** The customer's time zone; empty for an unknown customer. */
    Optional<ZoneId> timeZone(String tenant, String customerId);

    /** What a template and the channel choice may use; empty for an unknown customer. */
    Optional<Customer> customer(String tenant, String customerId);

    /**
     * @param variables        {@code customer_first_name}, {@code customer_last_name}, {@code customer_email},
     *                         {@code customer_phone}, {@code customer_stage}, and {@code customer_<attribute>}
     * @param preferredChannel empty without a history to tell
     * @param timeZone         as {@link #timeZone} says: one look at the customer serves the template and the policy
     */
    record Customer(Map<String, String> variables, Optional<MessageChannel> preferredChannel, String email,
                    String phone, Optional<ZoneId> timeZone) {
    }
}
