package io.rapport.relationship.api;

/** Undo the merge of {@code mergedCustomerId} into {@code survivorCustomerId}. */
public record UnmergeCustomersCommand(String tenant, String survivorCustomerId, String mergedCustomerId) {
}
