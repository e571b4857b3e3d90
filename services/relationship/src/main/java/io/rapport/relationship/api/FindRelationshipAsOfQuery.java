package io.rapport.relationship.api;

import java.time.Instant;

/**
 * The relationship view of one customer in the past, folded from their events by the projection's own code;
 * answered with a {@link RelationshipView} or null.
 *
 * @param occurredUpTo business time: interactions that occurred up to then (the registration always counts, so
 *                     history imported later still has its profile); null for no limit
 * @param knownAt      system time: events recorded up to then; null for no limit
 * @param horizonDays  how far ahead the prediction looks, from the fit made on data up to the time read
 */
public record FindRelationshipAsOfQuery(String relationshipId, Instant occurredUpTo, Instant knownAt,
                                        int horizonDays) {
}
