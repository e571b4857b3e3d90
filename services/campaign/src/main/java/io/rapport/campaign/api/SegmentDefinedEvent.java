package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** A segment was defined: who belongs is whoever {@code rule} matches. */
@Revision("1")
public record SegmentDefinedEvent(String segmentId, String tenant, String name, String rule, Instant at) {
}
