package io.rapport.relationship.api;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records interactions of one customer, registering the customer if the workspace does not know them yet
 * ({@code identifiedBy}, when the interactions named the customer by an identifier, becomes theirs).
 * Answers with one {@link InteractionOutcome} per interaction, in order.
 */
public record RecordInteractionsCommand(@TargetAggregateIdentifier String relationshipId, String tenant,
                                        String customerId, List<Interaction> interactions, Identifier identifiedBy) {

    public RecordInteractionsCommand {
        interactions = List.copyOf(interactions);
    }

    public RecordInteractionsCommand(String relationshipId, String tenant, String customerId,
                                     List<Interaction> interactions) {
        this(relationshipId, tenant, customerId, interactions, null);
    }
}
