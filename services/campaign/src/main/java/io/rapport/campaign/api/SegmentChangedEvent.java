package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A segment's name or rule changed (both given as they now are): membership is worked out again. */
@Revision("1")
public record SegmentChangedEvent(String segmentId, String tenant, String name, String rule, Instant at) {
}
