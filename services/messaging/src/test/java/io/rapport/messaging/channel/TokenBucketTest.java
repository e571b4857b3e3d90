package io.rapport.messaging.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong nanos = new AtomicLong();
    private final List<Long> waited = new ArrayList<>();
    private final Timer waits = new SimpleMeterRegistry().timer("waits");
    /** Records each wait instead of sleeping; the clock stands still unless a test moves it. */
    private final TokenBucket bucket = new TokenBucket(10, 3, nanos::get, waited::add, waits);

    @Test
    void aBurstPassesAtOnceThenSendsWaitTheirTurnAtTheRate() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            bucket.acquire();
        }
        assertThat(waited).containsExactly(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(waits.count()).isEqualTo(2);
        assertThat(waits.max(TimeUnit.MILLISECONDS)).isEqualTo(200);
    }

    @Test
    void tokensComeBackOverTimeButNeverBeyondTheBurst() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            bucket.acquire();
        }
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(150));
        bucket.acquire();
        assertThat(waited).as("one token back after 100 ms").isEmpty();
        bucket.acquire();
        assertThat(waited).containsExactly(TimeUnit.MILLISECONDS.toNanos(50));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));
        waited.clear();
        for (int i = 0; i < 3; i++) {
            bucket.acquire();
        }
        assertThat(waited).isEmpty();
        bucket.acquire();
        assertThat(waited).hasSize(1);
    }

    @Test
    void aRateOrBurstThatCannotWorkIsRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, waits)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(5, 0, waits)).isInstanceOf(IllegalArgumentException.class);
    }
}
