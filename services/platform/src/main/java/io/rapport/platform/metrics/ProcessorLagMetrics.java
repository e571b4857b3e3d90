package io.rapport.platform.metrics;

import java.util.OptionalLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * {@code rapport.processor.lag{processor}}: how many positions of the event store each tracking processor is behind
 * the head (the newest stored event), read at every scrape; -1 while a processor has no position yet. And
 * {@code rapport.dead.letters{processor}}: the events each processor could not handle and keeps aside.
 */
public class ProcessorLagMetrics implements ApplicationListener<ApplicationReadyEvent> {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ObjectProvider<MeterRegistry> registry;

    public ProcessorLagMetrics(EventProcessingConfiguration processing, EventStore eventStore,
                               ObjectProvider<MeterRegistry> registry) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.registry = registry;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        MeterRegistry meters = registry.getIfAvailable();
        if (meters == null) {
            return;
        }
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof TrackingEventProcessor tracking) {
                Gauge.builder("rapport.processor.lag", tracking, this::lag)
                        .description("Event store positions between the head and where the processor is")
                        .tag("processor", name).register(meters);
            }
            processing.deadLetterQueue(name).ifPresent(queue -> Gauge.builder("rapport.dead.letters", queue,
                            q -> q.size())
                    .description("Events the processor could not handle, waiting for a retry or an eviction")
                    .tag("processor", name).register(meters));
        });
    }

    private double lag(TrackingEventProcessor processor) {
        OptionalLong head = eventStore.createHeadToken() == null ? OptionalLong.empty()
                : eventStore.createHeadToken().position();
        OptionalLong slowest = processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).min();
        if (slowest.isEmpty()) {
            return -1;
        }
        return Math.max(0, head.orElse(0) - slowest.getAsLong());
    }
}
