package io.rapport.relationship.api;

/** Rebuild every relationship read model from the event store beside the live one; answered with the job. */
public record StartReplayCommand(String requestedBy) {
}
