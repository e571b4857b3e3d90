package io.rapport.relationship.api;

import java.util.List;

/**
 * Upserts a batch of checked customers, whichever door they came in by (the API's batch, a customer file): finds whom
 * each one is, sends their commands and answers what became of each.
 */
public interface CustomerUpserts {

    /** What became of one customer of the batch; {@code customerId} is empty when the identifiers named several. */
    record Result(String customerId, UpsertCustomerCommand.Outcome outcome, String message) {
    }

    /** One result per item, in order. */
    List<Result> upsert(String tenant, List<CustomerUpsert> items);
}
