package io.rapport.relationship.config;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.platform.cache.CaffeineCache;
import io.rapport.relationship.intelligence.Vader;
import io.rapport.relationship.query.RelationshipViewProjection;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the relationship service's aggregates are snapshotted and its read models kept. */
@Configuration
public class AxonConfiguration {

    /** A snapshot every so many events keeps loading a customer with a long history to a few key lookups. */
    @Bean
    public SnapshotTriggerDefinition relationshipSnapshotTrigger(Snapshotter snapshotter,
            @Value("${rapport.relationship.snapshot-every:250}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Commands run on a pool of their own, so that the customers of one batch (an API call, an import's senders) are
     * recorded side by side: their writes then share the store's commits. One customer's commands still run one at a
     * time (Axon locks the aggregate).
     */
    @Bean
    public AsynchronousCommandBus commandBus(TransactionManager transactionManager,
            org.axonframework.config.Configuration axon, DuplicateCommandHandlerResolver duplicates,
            @Value("${rapport.relationship.command-threads:16}") int threads) {
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "relationship-command-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        AsynchronousCommandBus bus = AsynchronousCommandBus.builder()
                .executor(executor)
                .transactionManager(transactionManager)
                .duplicateCommandHandlerResolver(duplicates)
                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return bus;
    }

    /** VADER with the bundled lexicon, handed to command handlers that read the tone of inbound text. */
    @Bean
    public Vader vader() {
        return Vader.withBundledLexicon();
    }

    /**
     * Customers stay in memory between commands, up to a count ({@code cache_*} meters, {@code cache="customers"}).
     * Correct with one instance handling a customer's commands; with several, a stale copy loses its append to the
     * sequence check and the command fails with a concurrency error that the client retries.
     */
    @Bean
    public Cache relationshipCache(@Value("${rapport.relationship.cached-customers:20000}") int size,
                                   MeterRegistry meters) {
        return new CaffeineCache(size).monitoredBy(meters, "customers");
    }

    /**
     * The relationship views are kept by a tracking processor starting at the tail of the store, in batches
     * that the projection writes with one bulk write each.
     */
    @Bean
    public ConfigurerModule relationshipViewProcessor(RelationshipViewProjection projection,
            @Value("${rapport.relationship.view-batch-size:200}") int batchSize) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(RelationshipViewProjection.PROCESSING_GROUP,
                        config -> config.eventStore(),
                        config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(batchSize)
                                .andInitialTrackingToken(source -> source.createTailToken()))
                .registerHandlerInterceptor(RelationshipViewProjection.PROCESSING_GROUP, config -> projection));
    }
}
