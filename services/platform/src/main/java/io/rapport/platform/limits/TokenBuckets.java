package io.rapport.platform.limits;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/** Rate limits as Bucket4j token buckets: a burst at once after a quiet spell, then a steady rate. */
public final class TokenBuckets {

    private TokenBuckets() {
    }

    /**
     * A bucket holding up to {@code burst} tokens, full at first, refilled continuously at {@code perSecond} (a
     * fraction is a token every few seconds), on the given clock of nanoseconds.
     */
    public static Bucket of(double perSecond, long burst, LongSupplier nanoClock) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate above 0 and a burst of at least 1, not " + perSecond + "/s and "
                    + burst);
        }
        long nanosPerToken = Math.max(1, Math.round(1e9 / perSecond));
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(1, Duration.ofNanos(nanosPerToken)).build())
                .withCustomTimePrecision(new TimeMeter() {
                    @Override
                    public long currentTimeNanos() {
                        return nanoClock.getAsLong();
                    }

                    @Override
                    public boolean isWallClockBased() {
                        return false;
                    }
                })
                .build();
    }
}
