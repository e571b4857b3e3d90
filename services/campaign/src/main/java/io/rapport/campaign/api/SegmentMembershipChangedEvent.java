package io.rapport.campaign.api;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

/** Customers entered and left the segment: what journeys entered by a segment start from. */
@Revision("1")
public record SegmentMembershipChangedEvent(String segmentId, String tenant, List<String> entered, List<String> left,
                                            Instant at) {
}
