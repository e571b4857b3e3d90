package io.rapport.relationship.api;

/** The relationship view of one customer; answered with a {@link RelationshipView} or null. */
public record FindRelationshipQuery(String relationshipId) {
}
