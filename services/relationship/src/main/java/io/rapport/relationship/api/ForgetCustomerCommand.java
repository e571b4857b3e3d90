package io.rapport.relationship.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Erase a customer's personal data (right to be forgotten); answered with false if it was already erased. */
public record ForgetCustomerCommand(@TargetAggregateIdentifier String relationshipId, String tenant, String customerId) {
}
