package io.rapport.platform.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.platform.metrics.ProcessorLagMetrics;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Metrics every service publishes besides Spring's and gRPC's: how far each event processor lags, and how many events
 * each has set aside as dead letters.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.axonframework.config.EventProcessingConfiguration")
public class MetricsAutoConfiguration {

    @Bean
    public ProcessorLagMetrics processorLagMetrics(EventProcessingConfiguration processing, EventStore eventStore,
                                                   ObjectProvider<MeterRegistry> registry) {
        return new ProcessorLagMetrics(processing, eventStore, registry);
    }
}
