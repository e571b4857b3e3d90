package io.rapport.campaign.api;

import java.util.List;

/** Segments by id; {@code next} is null on the last page. */
public record SegmentPage(List<SegmentView> segments, String next) {
}
