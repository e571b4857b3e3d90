package io.rapport.relationship.api;

import java.time.Instant;
import java.util.List;

/**
 * One change to one customer's relationship, as the change feed reports it.
 *
 * @param changed     what changed: "registered", "interaction", "consent"
 * @param resumeToken hand it back to {@link RelationshipChanges#follow} to go on after this change
 * @param version     the customer's view reflects the change once its version is at least this
 */
public record RelationshipChanged(String customerId, List<String> changed, long position, String resumeToken,
                                  Instant recordedAt, long version) {
}
