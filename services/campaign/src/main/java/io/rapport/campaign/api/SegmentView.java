package io.rapport.campaign.api;

import java.time.Instant;
import java.util.List;

/** A segment as defined now; {@code revision} counts definitions and changes. */
public record SegmentView(String segmentId, String name, String rule, List<String> attributes, Instant createdAt,
                          Instant updatedAt, long revision) {
}
