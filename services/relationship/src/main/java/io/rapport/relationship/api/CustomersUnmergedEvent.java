package io.rapport.relationship.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A merge was undone: each customer has their own history again. Recorded on both customers. */
@Revision("1")
public record CustomersUnmergedEvent(String relationshipId, String tenant, String customerId,
                                     String survivorCustomerId, String mergedCustomerId, Instant at) {
}
