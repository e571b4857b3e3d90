package io.rapport.relationship.api;

import java.time.Instant;

/** Fit the workspace's purchase models on the data as of a date (now when null). */
public record FitPurchaseModelCommand(String tenant, Instant asOf) {
}
