package io.rapport.messaging.channel;

import io.rapport.messaging.api.MessageBouncedEvent;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.messaging.api.MessageRetryScheduledEvent;
import io.rapport.messaging.policy.BadAddresses;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Sends each rendered message (its first attempt), queues its retries, and remembers addresses that bounced hard
 * or complained. Runs in its own tracking processor, so a request is answered as soon as the message is rendered,
 * and an event handled when the service stopped is handled again after it starts: every step here is safe to
 * repeat.
 */
@ProcessingGroup(Dispatcher.PROCESSING_GROUP)
public class Dispatcher {

    public static final String PROCESSING_GROUP = "message-dispatch";

    private final Deliveries deliveries;
    private final RetryQueue retries;
    private final BadAddresses badAddresses;

    public Dispatcher(Deliveries deliveries, RetryQueue retries, BadAddresses badAddresses) {
        this.deliveries = deliveries;
        this.retries = retries;
        this.badAddresses = badAddresses;
    }

    @EventHandler
    void on(MessageRenderedEvent event) throws InterruptedException {
        deliveries.attempt(event, 1);
    }

    @EventHandler
    void on(MessageRetryScheduledEvent event) {
        retries.schedule(event.messageId(), event.attempt() + 1, event.retryAt());
    }

    @EventHandler
    void on(MessageBouncedEvent event) {
        if (event.addressIsBad()) {
            badAddresses.add(event.tenant(), event.recipient(), event.complaint() ? "complaint" : "hard bounce");
        }
    }
}
