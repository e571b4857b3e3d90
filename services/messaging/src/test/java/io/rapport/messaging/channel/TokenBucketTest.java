package io.rapport.messaging.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong nanos = new AtomicLong();
    private final TokenBucket bucket = new TokenBucket(10, 3, nanos::get);

    @Test
    void aBurstPassesAtOnceThenSendsWaitTheirTurnAtTheRate() {
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(bucket.reserve()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void tokensComeBackOverTimeButNeverBeyondTheBurst() {
        for (int i = 0; i < 3; i++) {
            bucket.reserve();
        }
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(150));
        assertThat(bucket.reserve()).as("one token back after 100 ms").isZero();
        assertThat(bucket.reserve()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.reserve()).isZero();
        }
        assertThat(bucket.reserve()).isPositive();
    }

    @Test
    void aRateOrBurstThatCannotWorkIsRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
