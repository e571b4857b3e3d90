package io.rapport.relationship.api;

import java.util.List;

/** A page of a timeline; {@code nextPageToken} is null on the last page. */
public record TimelinePage(List<TimelineEntry> entries, String nextPageToken) {
}
