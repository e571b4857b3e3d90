package io.rapport.platform.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.mongodb.client.MongoDatabase;
import io.rapport.platform.processors.DeadLetterGrpcService;
import io.rapport.platform.processors.DeadLetterQueues;
import io.rapport.platform.processors.SegmentBalancer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * How a service's event processors behave together: replicas share their segments ({@link SegmentBalancer}), and an
 * event a processor cannot handle is set aside per aggregate ({@link DeadLetterQueues}) where the operator can see,
 * retry and evict it.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.axonframework.config.EventProcessingConfiguration")
public class ProcessorsAutoConfiguration {

    @Bean
    public SegmentBalancer segmentBalancer(EventProcessingConfiguration processing, TokenStore tokens,
                                           MongoDatabase database,
                                           @Value("${rapport.processors.balance-interval:5s}") Duration every) {
        return new SegmentBalancer(processing, tokens, database, every);
    }

    @Bean
    public ConfigurerModule deadLetterQueues(MongoDatabase database, ListableBeanFactory beans,
            @Value("${rapport.processors.dead-letters.max-aggregates:10000}") int maxSequences,
            @Value("${rapport.processors.dead-letters.max-per-aggregate:10000}") int maxPerSequence) {
        return DeadLetterQueues.module(database, processingGroups(beans), maxSequences, maxPerSequence);
    }

    @Bean
    public DeadLetterGrpcService deadLetterGrpcService(EventProcessingConfiguration processing) {
        return new DeadLetterGrpcService(processing);
    }

    /** Read from the handlers' annotations without creating them (they need the configuration this is part of). */
    private static Set<String> processingGroups(ListableBeanFactory beans) {
        return Arrays.stream(beans.getBeanNamesForAnnotation(ProcessingGroup.class))
                .map(name -> beans.findAnnotationOnBean(name, ProcessingGroup.class))
                .filter(Objects::nonNull).map(ProcessingGroup::value).collect(Collectors.toSet());
    }
}
