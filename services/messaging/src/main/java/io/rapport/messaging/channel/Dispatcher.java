package io.rapport.messaging.channel;

import java.time.Instant;

import io.rapport.messaging.api.MessageBouncedEvent;
import io.rapport.messaging.api.MessageEngagedEvent;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.messaging.api.MessageRetryScheduledEvent;
import io.rapport.messaging.policy.BadAddresses;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues each rendered message's first attempt and its retries for the {@link DispatchWorkers}, and remembers
 * addresses that bounced hard, complained or unsubscribed. Runs in its own tracking processor, so a request is answered as soon
 * as the message is rendered, and an event handled when the service stopped is handled again after it starts:
 * every step here is safe to repeat.
 */
@ProcessingGroup(Dispatcher.PROCESSING_GROUP)
public class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    public static final String PROCESSING_GROUP = "message-dispatch";

    private final DispatchQueue queue;
    private final DispatchWorkers workers;
    private final Deliveries deliveries;
    private final BadAddresses badAddresses;

    public Dispatcher(DispatchQueue queue, DispatchWorkers workers, Deliveries deliveries, BadAddresses badAddresses) {
        this.queue = queue;
        this.workers = workers;
        this.deliveries = deliveries;
        this.badAddresses = badAddresses;
    }

    @EventHandler
    void on(MessageRenderedEvent event, @Timestamp Instant at) {
        queue.schedule(event.messageId(), 1, at);
        log.debug("Queued the first attempt of {}, due {}", event.messageId(), at);
        workers.wake();
    }

    @EventHandler
    void on(MessageRetryScheduledEvent event) {
        queue.schedule(event.messageId(), event.attempt() + 1, event.retryAt());
    }

    @EventHandler
    void on(MessageBouncedEvent event) {
        if (event.addressIsBad()) {
            badAddresses.markUndeliverable(event.tenant(), event.recipient(),
                    event.complaint() ? "complained" : "bounced hard");
        }
    }

    /** The address unsubscribed: read from the message, which keeps it sealed with the customer's key. */
    @EventHandler
    void on(MessageEngagedEvent event) {
        if ("UNSUBSCRIBED".equals(event.kind())) {
            deliveries.rendered(event.messageId()).ifPresent(rendered ->
                    badAddresses.markUnsubscribed(event.tenant(), rendered.recipient()));
        }
    }
}
