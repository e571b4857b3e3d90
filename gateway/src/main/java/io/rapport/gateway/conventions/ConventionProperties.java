package io.rapport.gateway.conventions;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The public API's limits.
 *
 * @param maxBodySize            the largest JSON body (10MB); file uploads have the multipart limits instead
 * @param requestsPerSecond      what each API key may send per second, sustained (100), on each gateway replica
 * @param burst                  how many requests a key may send at once after a quiet spell (200)
 * @param idempotencyKeyLifetime how long a POST's response is kept for its {@code Idempotency-Key} (24h)
 */
@ConfigurationProperties("rapport.limits")
public record ConventionProperties(DataSize maxBodySize, Integer requestsPerSecond, Integer burst,
                                   Duration idempotencyKeyLifetime) {

    public ConventionProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(10) : maxBodySize;
        requestsPerSecond = requestsPerSecond == null ? 100 : requestsPerSecond;
        burst = burst == null ? 2 * requestsPerSecond : burst;
        idempotencyKeyLifetime = idempotencyKeyLifetime == null ? Duration.ofHours(24) : idempotencyKeyLifetime;
    }
}
