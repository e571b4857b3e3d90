package io.rapport.relationship.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/**
 * The customer asked to be forgotten: their key was destroyed, so the personal data in every event about them
 * (names, identifiers, message content) is unreadable from now on; what they bought and when stays, anonymous.
 */
@Revision("1")
public record CustomerForgottenEvent(String relationshipId, String tenant, String customerId, Instant at) {
}
