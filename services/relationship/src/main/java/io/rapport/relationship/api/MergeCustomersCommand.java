package io.rapport.relationship.api;

/** Merge customer {@code mergedCustomerId} (B) into {@code survivorCustomerId} (A); answered with nothing. */
public record MergeCustomersCommand(String tenant, String survivorCustomerId, String mergedCustomerId) {
}
