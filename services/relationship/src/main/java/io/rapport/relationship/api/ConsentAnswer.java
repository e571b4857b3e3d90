package io.rapport.relationship.api;

import java.time.Instant;

/**
 * Whether consent was held, and the change that decided it (none: consent was never given, so it is not held).
 *
 * @param changedAt when the deciding change took effect; null when there was none
 * @param source    where the deciding change came from; null when there was none
 */
public record ConsentAnswer(boolean held, Instant changedAt, String source) {
}
