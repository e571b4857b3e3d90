package io.rapport.campaign.api;

/** A page of a workspace's segments by id, after {@code after} (null: from the start); answered with a {@link SegmentPage}. */
public record ListSegmentsQuery(String tenant, int pageSize, String after) {
}
