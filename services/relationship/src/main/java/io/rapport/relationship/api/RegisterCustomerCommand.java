package io.rapport.relationship.api;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers a new customer in a workspace; the profile's e-mail and phone become identifiers too. Refused when
 * another customer of the workspace has one of the identifiers.
 */
public record RegisterCustomerCommand(@TargetAggregateIdentifier String relationshipId, String tenant,
                                      String customerId, CustomerProfile profile, List<Identifier> identifiers) {

    public RegisterCustomerCommand {
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }

    public RegisterCustomerCommand(String relationshipId, String tenant, String customerId, CustomerProfile profile) {
        this(relationshipId, tenant, customerId, profile, List.of());
    }
}
