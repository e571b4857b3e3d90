package io.rapport.relationship.api;

/** A replay job by id; answered with a {@link ReplayJob} or null. */
public record FindReplayQuery(String id) {
}
