package io.rapport.messaging.policy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import io.rapport.messaging.api.MessageChannel;

/** What the send policy needs to know about a customer, from the relationship service. */
public interface CustomerFacts {

    /** Whether consent for the channel and purpose was held at {@code at}; false for an unknown customer. */
    boolean consentHeld(String tenant, String customerId, MessageChannel channel, String purpose, Instant at);

    /** The customer's time zone; empty for an unknown customer. */
    Optional<ZoneId> timeZone(String tenant, String customerId);
}
