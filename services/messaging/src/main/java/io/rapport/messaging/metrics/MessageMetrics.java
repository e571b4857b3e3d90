package io.rapport.messaging.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.messaging.api.MessageBouncedEvent;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageDeliveredEvent;
import io.rapport.messaging.api.MessageDispatchedEvent;
import io.rapport.messaging.api.MessageEngagedEvent;
import io.rapport.messaging.api.MessageFailedEvent;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.messaging.api.MessageRequestedEvent;
import io.rapport.messaging.api.MessageRetryScheduledEvent;
import io.rapport.messaging.api.MessageSuppressedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * {@code rapport.messages{channel, status}}: messages reaching each state (REQUESTED, SUPPRESSED, RENDERED, RETRYING,
 * DISPATCHED, FAILED, DELIVERED, BOUNCED, COMPLAINED, OPENED, CLICKED, REPLIED, UNSUBSCRIBED), counted as this
 * instance records them (a subscribing processor: replays do not count again).
 */
@ProcessingGroup(MessageMetrics.PROCESSING_GROUP)
public class MessageMetrics {

    public static final String PROCESSING_GROUP = "message-metrics";

    private final MeterRegistry registry;

    public MessageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventHandler
    void on(MessageRequestedEvent event) {
        count(event.channel(), "REQUESTED");
    }

    @EventHandler
    void on(MessageSuppressedEvent event) {
        count(event.channel(), "SUPPRESSED");
    }

    @EventHandler
    void on(MessageRenderedEvent event) {
        count(event.channel(), "RENDERED");
    }

    @EventHandler
    void on(MessageRetryScheduledEvent event) {
        count(event.channel(), "RETRYING");
    }

    @EventHandler
    void on(MessageDispatchedEvent event) {
        count(event.channel(), "DISPATCHED");
    }

    @EventHandler
    void on(MessageFailedEvent event) {
        count(event.channel(), "FAILED");
    }

    @EventHandler
    void on(MessageDeliveredEvent event) {
        count(event.channel(), "DELIVERED");
    }

    @EventHandler
    void on(MessageBouncedEvent event) {
        count(event.channel(), event.complaint() ? "COMPLAINED" : "BOUNCED");
    }

    @EventHandler
    void on(MessageEngagedEvent event) {
        count(event.channel(), event.kind());
    }

    private void count(MessageChannel channel, String status) {
        Counter.builder("rapport.messages").description("Messages reaching a state, by channel")
                .tag("channel", channel.name()).tag("status", status).register(registry).increment();
    }
}
