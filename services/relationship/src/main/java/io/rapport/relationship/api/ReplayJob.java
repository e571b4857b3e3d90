package io.rapport.relationship.api;

import java.time.Instant;

/**
 * A rebuild of the relationship views from the event store, built beside the live views and switched to when
 * caught up.
 *
 * @param status      RUNNING, SUCCEEDED or FAILED (with {@code error})
 * @param phase       REBUILDING (bulk read of the store), CATCHING_UP (events recorded meanwhile), SWITCHING,
 *                    DONE
 * @param eventsTotal the store's event count when the job started: the bulk pass's goal
 * @param collection  where the new views are built
 * @param eventsUnapplied events no view could hold (logged with their customer and cause); the replay goes on
 */
public record ReplayJob(String id, String status, String phase, long eventsDone, long eventsTotal,
                        double eventsPerSecond, Long etaSeconds, Instant startedAt, Instant finishedAt,
                        String collection, String error, long eventsUnapplied) {
}
