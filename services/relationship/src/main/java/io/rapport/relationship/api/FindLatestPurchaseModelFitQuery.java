package io.rapport.relationship.api;

import java.time.Instant;

/** The workspace's latest fit; with {@code asOfUpTo}, the latest fit whose data cut-off is not after it. */
public record FindLatestPurchaseModelFitQuery(String tenant, Instant asOfUpTo) {
}
