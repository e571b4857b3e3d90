package io.rapport.messaging.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try again after a passing failure: exponential backoff ({@code initial}, doubling, at most {@code max})
 * with "equal jitter" (a random half of each delay), so that a provider coming back is not hit by every retry at
 * once; a provider's own Retry-After is honoured when it is longer.
 */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max, RandomGenerator random) {

    public RetryPolicy {
        if (maxAttempts < 1 || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("at least one attempt and 0 <= initial <= max");
        }
    }

    /** When attempt {@code attempt + 1} is due, or empty when {@code attempt} was the last. */
    public Optional<Instant> retryAt(int attempt, Duration providerAfter, Instant now) {
        if (attempt >= maxAttempts) {
            return Optional.empty();
        }
        long ceiling = initial.toMillis() << Math.min(attempt - 1, 30);
        long delay = Math.min(max.toMillis(), ceiling < 0 ? Long.MAX_VALUE : ceiling);
        long jittered = delay / 2 + (delay < 2 ? 0 : random.nextLong(delay - delay / 2 + 1));
        if (providerAfter != null) {
            jittered = Math.max(jittered, providerAfter.toMillis());
        }
        return Optional.of(now.plusMillis(jittered));
    }
}
