package io.rapport.relationship.api;

/** One recorded fit of a workspace by id; answered with a {@link PurchaseModelFit} or null. */
public record FindPurchaseModelFitQuery(String tenant, String id) {
}
