package io.rapport.relationship.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/**
 * Two customers turned out to be one person: {@code mergedCustomerId}'s history now belongs to the
 * relationship of {@code survivorCustomerId}. Recorded on both customers ({@code customerId} says which).
 */
@Revision("1")
public record CustomersMergedEvent(String relationshipId, String tenant, String customerId, String survivorCustomerId,
                                   String mergedCustomerId, Instant at) {
}
