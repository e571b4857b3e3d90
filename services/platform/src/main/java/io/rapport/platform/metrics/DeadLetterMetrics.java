package io.rapport.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/** {@code rapport.dead.letters{processor}}: the events each processor could not handle and keeps aside. */
public class DeadLetterMetrics implements ApplicationListener<ApplicationReadyEvent> {

    private final EventProcessingConfiguration processing;
    private final ObjectProvider<MeterRegistry> registry;

    public DeadLetterMetrics(EventProcessingConfiguration processing, ObjectProvider<MeterRegistry> registry) {
        this.processing = processing;
        this.registry = registry;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        MeterRegistry meters = registry.getIfAvailable();
        if (meters == null) {
            return;
        }
        processing.eventProcessors().keySet().forEach(name -> processing.deadLetterQueue(name).ifPresent(queue ->
                Gauge.builder("rapport.dead.letters", queue, q -> q.size())
                        .description("Events the processor could not handle, waiting for a retry or an eviction")
                        .tag("processor", name).register(meters)));
    }
}
