package io.rapport.platform.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rapport.platform.mongo.MongoStoreAutoConfiguration;
import io.rapport.platform.privacy.SubjectKeys;
import io.rapport.platform.store.EventSerialization;
import io.rapport.platform.store.MongoEventStorageEngine;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Axon on the service's own MongoDB database: Rapport's event storage engine and axon-mongo's token store. */
@AutoConfiguration(after = MongoStoreAutoConfiguration.class, before = AxonAutoConfiguration.class)
@ConditionalOnClass(name = "org.axonframework.eventsourcing.eventstore.EventStorageEngine")
@EnableConfigurationProperties(EventStoreProperties.class)
public class EventStoreAutoConfiguration {

    /** Axon's Jackson serializers (axon.serializer.* = jackson) pick this mapper up by its name. */
    @Bean("defaultAxonObjectMapper")
    @ConditionalOnMissingBean(name = "defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper(SubjectKeys subjectKeys) {
        return EventSerialization.objectMapper(subjectKeys);
    }

    /** Keys that seal each customer's personal data; see {@code PersonalData}. */
    @Bean
    @ConditionalOnMissingBean
    public SubjectKeys subjectKeys(MongoDatabase database) {
        return new SubjectKeys(database);
    }

    @Bean
    @ConditionalOnMissingBean(EventStorageEngine.class)
    public MongoEventStorageEngine eventStorageEngine(MongoDatabase database, EventStoreProperties properties,
                                                      Serializer defaultSerializer,
                                                      @Qualifier("eventSerializer") Serializer eventSerializer,
                                                      org.axonframework.config.Configuration configuration,
                                                      ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        Counter appended = Counter.builder("rapport.events.appended")
                .description("Events stored in this service's event store").register(registry);
        return MongoEventStorageEngine.builder()
                .onAppended(appended::increment)
                .database(database)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .gapTimeout(properties.gapTimeout())
                .batchSize(properties.batchSize())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    public TokenStore tokenStore(MongoDatabase database, Serializer defaultSerializer) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(defaultSerializer)
                .build();
    }
}
