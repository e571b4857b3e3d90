package io.rapport.relationship.api;

import java.time.Instant;
import java.util.Set;

/**
 * A page of one customer's timeline, newest first; answered with a {@link TimelinePage} or null for an unknown
 * customer.
 *
 * @param channels  only interactions (and consent changes) on these channels; empty for all
 * @param kinds     only interactions of these kinds; empty for every entry type
 * @param types     only entries of these types ({@link TimelineEntry#type()}); empty for every type
 * @param from      entries at or after this time; null for no bound
 * @param to        entries before this time; null for no bound
 * @param pageToken the previous page's {@code nextPageToken}, or null for the first page
 */
public record FindTimelineQuery(String relationshipId, Set<Channel> channels, Set<InteractionKind> kinds,
                                Set<String> types, Instant from, Instant to, int pageSize, String pageToken) {

    public FindTimelineQuery {
        channels = channels == null ? Set.of() : Set.copyOf(channels);
        kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
        types = types == null ? Set.of() : Set.copyOf(types);
    }
}
