package io.rapport.messaging.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How messages are delivered ({@code rapport.messaging.delivery.*}).
 *
 * @param providers     the HTTP provider of each channel (sms, push, social, webhook); a channel without one fails
 *                      its messages with that reason
 * @param threads       threads handing messages to providers
 * @param maxAttempts   attempts per message in all
 * @param initialBackoff the delay before the first retry, doubling after each
 * @param maxBackoff    the longest delay between attempts
 * @param poll          how often due attempts are looked for (besides when one is queued)
 * @param lease         how long an attempt is left to its sender before another takes it up (after a crash)
 * @param httpTimeout   how long a provider has to answer
 * @param email         the SMTP server's rate limit (a rate of 0: none)
 */
@ConfigurationProperties("rapport.messaging.delivery")
public record DeliveryProperties(Map<String, HttpProvider> providers, int threads, int maxAttempts,
                                 Duration initialBackoff, Duration maxBackoff, Duration poll, Duration lease,
                                 Duration httpTimeout, RateLimit email) {

    public DeliveryProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        email = email == null ? new RateLimit(0, 1) : email;
    }

    /** A provider's endpoint, the secret its requests are signed with, and its rate limit (a rate of 0: none). */
    public record HttpProvider(URI url, String secret, double rate, int burst) {
    }

    /** Sends per second on average, and at once after a quiet spell. */
    public record RateLimit(double rate, int burst) {
    }
}
