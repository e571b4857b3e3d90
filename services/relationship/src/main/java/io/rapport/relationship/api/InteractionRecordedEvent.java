package io.rapport.relationship.api;

import org.axonframework.serialization.Revision;

/** An interaction became part of a customer's relationship. */
@Revision("1")
public record InteractionRecordedEvent(String relationshipId, String tenant, String customerId,
                                       Interaction interaction) {
}
