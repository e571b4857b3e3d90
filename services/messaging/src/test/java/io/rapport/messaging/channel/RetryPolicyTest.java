package io.rapport.messaging.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(10),
            new SplittableRandom(7));

    private long delayMillis(int attempt, Duration providerAfter) {
        return Duration.between(NOW, policy.retryAt(attempt, providerAfter, NOW).orElseThrow()).toMillis();
    }

    @Test
    void delaysDoubleWithJitterWithinTheUpperHalfAndStopAtTheMaximum() {
        for (int i = 0; i < 200; i++) {
            assertThat(delayMillis(1, null)).isBetween(1_000L, 2_000L);
            assertThat(delayMillis(2, null)).isBetween(2_000L, 4_000L);
            assertThat(delayMillis(3, null)).isBetween(4_000L, 8_000L);
            assertThat(delayMillis(4, null)).as("16 s capped at 10 s").isBetween(5_000L, 10_000L);
        }
    }

    @Test
    void jitterSpreadsRetriesOut() {
        assertThat(java.util.stream.IntStream.range(0, 50).mapToLong(i -> delayMillis(3, null)).distinct().count())
                .isGreaterThan(40);
    }

    @Test
    void theProvidersRetryAfterIsHonouredWhenLonger() {
        assertThat(delayMillis(1, Duration.ofSeconds(30))).isEqualTo(30_000L);
        assertThat(delayMillis(3, Duration.ofMillis(1))).isGreaterThanOrEqualTo(4_000L);
    }

    @Test
    void theLastAttemptHasNoRetry() {
        assertThat(policy.retryAt(5, null, NOW)).isEmpty();
        assertThat(policy.retryAt(4, null, NOW)).isPresent();
    }
}
