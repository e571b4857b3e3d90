package io.rapport.relationship.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a new customer in a workspace. */
public record RegisterCustomerCommand(@TargetAggregateIdentifier String relationshipId, String tenant,
                                      String customerId, CustomerProfile profile) {
}
