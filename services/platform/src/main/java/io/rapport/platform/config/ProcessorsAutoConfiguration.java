package io.rapport.platform.config;

import java.time.Duration;

import com.mongodb.client.MongoDatabase;
import io.rapport.platform.processors.SegmentBalancer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Replicas of a service share its streaming processors' segments (see {@link SegmentBalancer}). */
@AutoConfiguration
@ConditionalOnClass(name = "org.axonframework.config.EventProcessingConfiguration")
public class ProcessorsAutoConfiguration {

    @Bean
    public SegmentBalancer segmentBalancer(EventProcessingConfiguration processing, TokenStore tokens,
                                           MongoDatabase database,
                                           @Value("${rapport.processors.balance-interval:5s}") Duration every) {
        return new SegmentBalancer(processing, tokens, database, every);
    }
}
