package io.rapport.messaging.channel;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.rapport.messaging.api.AttemptGranted;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.messaging.api.RecordDispatchCommand;
import io.rapport.messaging.api.StartAttemptCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at sending a message: recorded as started on the message first, then handed to the channel's
 * provider (waiting for the provider's rate limit), then the outcome recorded: dispatched, retried later, or
 * failed. Whether an attempt may start is the message's decision, so a repeat after a crash or a duplicate
 * trigger sends nothing twice.
 */
public class Deliveries {

    /** A channel's provider and its rate limit (null: none). */
    public record Provider(ChannelAdapter adapter, TokenBucket rateLimit) {
    }

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final Map<MessageChannel, Provider> providers;
    private final RetryPolicy retries;
    private final CommandGateway commands;
    private final EventStore eventStore;

    public Deliveries(Map<MessageChannel, Provider> providers, RetryPolicy retries, CommandGateway commands,
                      EventStore eventStore) {
        this.providers = Map.copyOf(providers);
        this.retries = retries;
        this.commands = commands;
        this.eventStore = eventStore;
    }

    /** Attempt {@code attempt} at sending a message, when the message agrees it is due. */
    public void attempt(String messageId, int attempt) throws InterruptedException {
        AttemptGranted granted = commands.sendAndWait(new StartAttemptCommand(messageId, attempt,
                retries.maxAttempts()));
        if (granted == null) {
            log.debug("Attempt {} of {} was not granted: the message is past it", attempt, messageId);
            return;
        }
        MessageRenderedEvent message = granted.message();
        Provider provider = providers.get(message.channel());
        ChannelAdapter.Outcome outcome;
        if (provider == null) {
            outcome = new ChannelAdapter.Rejected("no provider is configured for " + message.channel());
        } else {
            if (provider.rateLimit() != null) {
                provider.rateLimit().acquire();
            }
            outcome = provider.adapter().send(message, granted.attempt());
        }
        commands.sendAndWait(outcomeCommand(messageId, granted.attempt(), outcome));
        log.debug("Attempt {} of {} made: {}", granted.attempt(), messageId, outcome.getClass().getSimpleName());
    }

    private RecordDispatchCommand outcomeCommand(String messageId, int attempt, ChannelAdapter.Outcome outcome) {
        if (outcome instanceof ChannelAdapter.Accepted accepted) {
            return RecordDispatchCommand.dispatched(messageId, attempt, accepted.providerMessageId());
        }
        if (outcome instanceof ChannelAdapter.Retryable retryable) {
            log.info("Attempt {} of message {} failed, may retry: {}", attempt, messageId, retryable.reason());
            return RecordDispatchCommand.failed(messageId, attempt, retryable.reason(),
                    retries.retryAt(attempt, retryable.after(), Instant.now()).orElse(null));
        }
        return RecordDispatchCommand.failed(messageId, attempt, ((ChannelAdapter.Rejected) outcome).reason(), null);
    }

    /** The message as rendered (its address, subject and body, unsealed), or empty when it never was. */
    public Optional<MessageRenderedEvent> rendered(String messageId) {
        var events = eventStore.readEvents(messageId, 0);
        while (events.hasNext()) {
            if (events.next().getPayload() instanceof MessageRenderedEvent rendered) {
                return Optional.of(rendered);
            }
        }
        return Optional.empty();
    }
}
