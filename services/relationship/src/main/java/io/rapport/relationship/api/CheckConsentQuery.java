package io.rapport.relationship.api;

import java.time.Instant;

/** Was consent held for this channel and purpose at that time? Answered with a {@link ConsentAnswer}. */
public record CheckConsentQuery(String relationshipId, Channel channel, String purpose, Instant at) {
}
