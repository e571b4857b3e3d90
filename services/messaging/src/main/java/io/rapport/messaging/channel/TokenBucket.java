package io.rapport.messaging.channel;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Timer;
import io.rapport.platform.limits.TokenBuckets;

/**
 * A provider's rate limit (a Bucket4j bucket): {@code ratePerSecond} sends on average, up to {@code burst} at once
 * after a quiet spell. Senders wait their turn rather than be refused by the provider; each turn's wait is recorded.
 */
public class TokenBucket {

    private final Bucket bucket;
    private final BlockingStrategy waiting;
    private final Timer waits;

    public TokenBucket(double ratePerSecond, int burst, Timer waits) {
        this(ratePerSecond, burst, System::nanoTime, BlockingStrategy.PARKING, waits);
    }

    TokenBucket(double ratePerSecond, int burst, LongSupplier nanoClock, BlockingStrategy waiting, Timer waits) {
        this.bucket = TokenBuckets.of(ratePerSecond, burst, nanoClock);
        this.waiting = waiting;
        this.waits = waits;
    }

    /** Takes one token, waiting for it if there is none: tokens are handed out in turn, never to two senders. */
    public void acquire() throws InterruptedException {
        bucket.asBlocking().consume(1, nanos -> {
            waits.record(nanos, TimeUnit.NANOSECONDS);
            waiting.park(nanos);
        });
    }
}
