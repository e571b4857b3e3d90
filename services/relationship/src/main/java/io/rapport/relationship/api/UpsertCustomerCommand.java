package io.rapport.relationship.api;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers the customer or, when they exist, sets what is given of their profile, links the identifiers they do
 * not hold yet and records the consents that change something. Answers what it did.
 */
public record UpsertCustomerCommand(@TargetAggregateIdentifier String relationshipId, String tenant,
                                    String customerId, CustomerProfile profile, List<Identifier> identifiers,
                                    List<CustomerUpsert.Consent> consents) {

    public UpsertCustomerCommand {
        identifiers = List.copyOf(identifiers);
        consents = List.copyOf(consents);
    }

    public enum Outcome {
        CREATED,
        UPDATED,
        /** Everything given already held: nothing was recorded. */
        UNCHANGED,
        /** The customer was forgotten: nothing more is recorded about them. */
        ERASED,
        /**
         * Not an answer of the command but of whoever sends it: an identifier is held by another customer, or the
         * identifiers name different customers; nothing was recorded.
         */
        CONFLICT
    }
}
