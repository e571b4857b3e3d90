package io.rapport.campaign.api;

/** One segment; answered with a {@link SegmentView} or null. */
public record FindSegmentQuery(String segmentId) {
}
