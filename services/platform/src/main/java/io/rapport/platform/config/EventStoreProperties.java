package io.rapport.platform.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param gapTimeout how long a tracking processor waits for a reserved but unwritten position
 * @param batchSize  events per read when loading aggregates and feeding processors
 */
@ConfigurationProperties("rapport.event-store")
public record EventStoreProperties(Duration gapTimeout, Integer batchSize) {

    public EventStoreProperties {
        gapTimeout = gapTimeout == null ? Duration.ofSeconds(60) : gapTimeout;
        batchSize = batchSize == null ? 100 : batchSize;
    }
}
