package io.rapport.relationship.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Let the customer be recognized by one more identifier; answered with false if it was theirs already. */
public record LinkIdentifierCommand(@TargetAggregateIdentifier String relationshipId, String tenant, String customerId,
                                    Identifier identifier) {
}
