package io.rapport.gateway.relationship;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the customer and interaction resources. */
final class CustomerRequests {

    private CustomerRequests() {
    }

    /**
     * {@code POST /v1/customers}; {@code id} is generated when absent. The e-mail and phone become identifiers, as
     * do {@code identifiers}; each must be free in the workspace.
     */
    record RegisterCustomer(String id, String firstName, String lastName, String email, String phone, String timeZone,
                            String locale, Map<String, String> attributes, List<IdentifierBody> identifiers) {
    }

    /** {@code type}: EMAIL, PHONE, SOCIAL (network:handle) or EXTERNAL (system:id). */
    record IdentifierBody(String type, String value) {
    }

    record Linked(String id, boolean linked) {
    }

    /** {@code POST /v1/customers/{id}/merges}: the customer whose history joins this one. */
    record Merge(String mergedCustomerId) {
    }

    record Merged(String survivorCustomerId, String mergedCustomerId, boolean merged) {
    }

    record Registered(String id) {
    }

    /**
     * One customer of {@code POST /v1/customers/batch}: found by {@code id} or, without one, by whoever holds their
     * e-mail, phone or one of {@code identifiers} (a new customer when nobody does). Absent fields and attributes
     * stay as they are; identifiers are added; each consent is recorded unless it already holds.
     */
    record UpsertCustomer(String id, String firstName, String lastName, String email, String phone, String timeZone,
                          String locale, Map<String, String> attributes, List<IdentifierBody> identifiers,
                          List<ConsentBody> consents) {
    }

    /** A consent of an upserted customer; {@code at} (when it took effect) defaults to now. */
    record ConsentBody(String channel, String purpose, Boolean granted, String source, Instant at) {
    }

    record UpsertCustomers(List<UpsertCustomer> customers) {
    }

    /** {@code outcome}: CREATED, UPDATED, UNCHANGED, ERASED or CONFLICT (then {@code message} says why). */
    record Upserted(String id, String outcome, String message) {
    }

    record UpsertedBatch(List<Upserted> results) {
    }

    /**
     * One interaction in {@code POST /v1/interactions}, about {@code customerId} or, instead, whoever holds
     * {@code customerIdentifier} (a new customer when nobody does).
     */
    record InteractionBody(String eventId, String customerId, IdentifierBody customerIdentifier, String channel,
                           String direction, String kind,
                           Instant occurredAt, BigDecimal amount, String currency, String content, String reference,
                           String campaignId, String messageId, List<String> tags) {
    }

    record RecordInteractions(List<InteractionBody> interactions) {
    }

    record Result(String eventId, String customerId, String outcome) {
    }

    record Recorded(List<Result> results) {
    }
}
