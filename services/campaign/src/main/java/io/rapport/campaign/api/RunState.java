package io.rapport.campaign.api;

import java.time.Instant;

/**
 * Where a journey run stands.
 *
 * @param step      the step it is at (or ended at)
 * @param waitUntil when it is waiting at {@code step}, till when; else null
 * @param ended     null while active, else how it ended
 */
public record RunState(int step, Instant waitUntil, String ended) {
}
