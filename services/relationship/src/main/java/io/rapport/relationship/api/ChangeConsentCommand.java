package io.rapport.relationship.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Grants or withdraws a customer's consent to be contacted on a channel for a purpose ("marketing",
 * "transactional", ...), as of {@code at}, saying where the change came from. Registers an unknown customer.
 */
public record ChangeConsentCommand(@TargetAggregateIdentifier String relationshipId, String tenant, String customerId,
                                   Channel channel, String purpose, boolean granted, String source, Instant at) {
}
