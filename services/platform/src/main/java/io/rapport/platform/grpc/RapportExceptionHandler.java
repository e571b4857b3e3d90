package io.rapport.platform.grpc;

import java.util.Set;

import io.grpc.Status;
import io.grpc.Status.Code;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * The one mapping from exceptions to gRPC status for every service. Business refusals carry their own status
 * ({@link RequestRejectedException}); framework exceptions map to the status a client can act on; a downstream
 * service that is down or too slow makes the call UNAVAILABLE (retryable), not an internal error.
 */
public class RapportExceptionHandler implements GrpcExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RapportExceptionHandler.class);
    /** What a downstream service answers when it is down or too slow: worth a retry by our own caller. */
    private static final Set<Code> RETRYABLE = Set.of(Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED);

    @Override
    public StatusException handleException(Throwable exception) {
        Throwable cause = unwrap(exception);
        Status status;
        if (cause instanceof RequestRejectedException rejected) {
            status = rejected.status();
        } else if (cause instanceof IllegalArgumentException || cause instanceof JSR303ViolationException) {
            status = Status.INVALID_ARGUMENT.withDescription(cause.getMessage());
        } else if (cause instanceof AggregateNotFoundException) {
            status = Status.NOT_FOUND.withDescription(cause.getMessage());
        } else if (cause instanceof AggregateStreamCreationException) {
            // The store's own words name its host and internal ids: the client learns what it can act on.
            log.debug("Refused a create of something that exists", exception);
            status = Status.ALREADY_EXISTS.withDescription("it exists already: choose another id");
        } else if (cause instanceof ConcurrencyException) {
            log.debug("A concurrent change won", exception);
            status = Status.ABORTED.withDescription("a concurrent change to the same resource won; retry");
        } else if (cause instanceof EventStoreException) {
            log.warn("The event store failed while serving a call", exception);
            status = Status.UNAVAILABLE.withDescription("storage is unavailable; retry shortly");
        } else if (cause instanceof StatusRuntimeException downstream
                && downstream.getStatus().getCode() == Code.CANCELLED) {
            // The caller went away (its deadline, or it stopped): so did the calls made on its behalf.
            log.debug("A call was cancelled while it was being served", exception);
            status = Status.CANCELLED.withDescription("the call was cancelled");
        } else if (cause instanceof StatusRuntimeException downstream
                && RETRYABLE.contains(downstream.getStatus().getCode())) {
            log.warn("A service this call needs did not answer: {}", downstream.getStatus());
            status = Status.UNAVAILABLE.withDescription("a service this call needs did not answer ("
                    + downstream.getStatus().getCode() + "); retry shortly");
        } else {
            // Unexpected: the client learns only that it failed, the log gets everything.
            log.error("Unexpected failure while serving a call", exception);
            status = Status.INTERNAL.withDescription("an internal error occurred; it has been logged");
        }
        return status.withCause(cause).asException();
    }

    /** The failure itself, out of the command, query and future wrappers it travelled in. */
    public static Throwable unwrap(Throwable exception) {
        Throwable current = exception;
        while ((current instanceof CommandExecutionException || current instanceof QueryExecutionException
                || current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
