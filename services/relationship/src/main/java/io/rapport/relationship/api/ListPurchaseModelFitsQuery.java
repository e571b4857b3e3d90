package io.rapport.relationship.api;

/**
 * A page of a workspace's recorded fits, newest first, answered with a {@link PurchaseModelFitPage}.
 *
 * @param pageToken from the previous page; null for the first
 */
public record ListPurchaseModelFitsQuery(String tenant, int pageSize, String pageToken) {
}
