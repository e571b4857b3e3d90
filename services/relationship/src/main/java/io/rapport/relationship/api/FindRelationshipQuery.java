package io.rapport.relationship.api;

/**
 * The relationship view of one customer; answered with a {@link RelationshipView} or null.
 *
 * @param horizonDays how far ahead the prediction looks
 */
public record FindRelationshipQuery(String relationshipId, int horizonDays) {
}
