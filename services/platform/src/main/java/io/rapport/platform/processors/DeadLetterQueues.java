package io.rapport.platform.processors;

import java.util.Collection;
import java.util.Set;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoDatabase;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tracking processor of a service parks an event it fails on in a sequenced dead-letter queue kept in
 * MongoDB ({@code deadletters}), sequenced per aggregate: the failing customer's (message's, campaign's) later events
 * wait behind it while every other aggregate and workspace goes on. Without it one poison event stops a processor
 * for everyone, retried forever.
 */
public final class DeadLetterQueues {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueues.class);
    private static final Set<Status.Code> PASSING_STATUS = Set.of(Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED);

    private DeadLetterQueues() {
    }

    /**
     * @param groups      the service's processing groups: each checks its queue only for aggregates known to have
     *                    dead letters (a cache per segment), not on every event
     * @param maxSequences how many aggregates may have dead letters at once, per processor
     * @param maxPerSequence how many letters one aggregate may have waiting, per processor
     */
    public static ConfigurerModule module(MongoDatabase database, Collection<String> groups, int maxSequences,
                                          int maxPerSequence) {
        MongoTemplate template = DefaultMongoTemplate.builder().mongoDatabase(database).build();
        return configurer -> configurer.eventProcessing(processing -> {
            processing.registerDeadLetterQueueProvider(group -> config ->
                    MongoSequencedDeadLetterQueue.builder()
                            .processingGroup(group)
                            .mongoTemplate(template)
                            .serializer(config.eventSerializer())
                            .transactionManager(NoTransactionManager.INSTANCE)
                            .maxSequences(maxSequences)
                            .maxSequenceSize(maxPerSequence)
                            .build());
            processing.registerDefaultDeadLetterPolicy(config -> DeadLetterQueues::logAndEnqueue);
            groups.forEach(group -> processing.registerDeadLetteringEventHandlerInvokerConfiguration(group,
                    (config, invoker) -> invoker.enableSequenceIdentifierCache()));
        });
    }

    /**
     * A poison event is set aside, logged when it fails (first, or again on a retry); the events queued behind it
     * are not handled, so they are not logged. A failure of something the handler needs (a service that does not
     * answer, the database out of reach, a concurrent change) says nothing about the event: it is thrown on, so the
     * processor backs off and handles the batch again, as it did before dead letters, and nothing is set aside.
     */
    private static EnqueueDecision<EventMessage<?>> logAndEnqueue(DeadLetter<? extends EventMessage<?>> letter,
                                                                  Throwable cause) {
        if (isPassing(cause)) {
            throw new PassingFailure(cause);
        }
        EventMessage<?> event = letter.message();
        String aggregate = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : "-";
        log.error("Dead letter: {} of workspace {} (aggregate {}) could not be handled; its later events wait "
                        + "until it is retried or evicted (/v1/admin/dead-letters)",
                event.getPayloadType().getSimpleName(), workspaceOf(aggregate), aggregate, cause);
        return Decisions.enqueue(cause);
    }

    /** Whether the failure is of something around the event that passes (to retry), not of the event itself. */
    static boolean isPassing(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status && PASSING_STATUS.contains(status.getStatus().getCode())
                    || cause instanceof MongoSocketException || cause instanceof MongoTimeoutException
                    || cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    /** Thrown past the dead-letter queue so the processor retries its batch. */
    static final class PassingFailure extends RuntimeException {
        PassingFailure(Throwable cause) {
            super("a passing failure; the processor retries: " + cause.getMessage(), cause);
        }
    }

    /** Aggregate ids are {@code "<workspace>/<id>"} in every service. */
    static String workspaceOf(String aggregate) {
        int slash = aggregate.indexOf('/');
        return slash > 0 ? aggregate.substring(0, slash) : "-";
    }
}
