package io.rapport.relationship.api;

import java.time.Instant;
import java.util.List;

/**
 * One customer of a batch or a customer file: who they are (by {@code customerId}, or else by whoever holds one of
 * their identifiers), what to set of their profile (null fields and absent attributes stay as they are), which
 * identifiers to add and which consents to record.
 */
public record CustomerUpsert(String customerId, CustomerProfile profile, List<Identifier> identifiers,
                             List<Consent> consents) {

    public CustomerUpsert {
        profile = profile == null ? CustomerProfile.empty() : profile;
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        consents = consents == null ? List.of() : List.copyOf(consents);
    }

    /** A consent to record, as {@code POST /v1/customers/{id}/consents} records it. */
    public record Consent(Channel channel, String purpose, boolean granted, String source, Instant at) {
    }

    /** Every identifier the customer is to hold: the profile's e-mail and phone, then the ones given. */
    public List<Identifier> allIdentifiers() {
        return CustomerRules.identifiersOf(profile, identifiers);
    }
}
