package io.rapport.platform.processors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.grpc.stub.StreamObserver;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.proto.operations.v1.DeadLetter;
import io.rapport.proto.operations.v1.DeadLetterServiceGrpc;
import io.rapport.proto.operations.v1.EvictDeadLetterRequest;
import io.rapport.proto.operations.v1.EvictDeadLetterResponse;
import io.rapport.proto.operations.v1.ListDeadLettersRequest;
import io.rapport.proto.operations.v1.ListDeadLettersResponse;
import io.rapport.proto.operations.v1.RetryDeadLetterRequest;
import io.rapport.proto.operations.v1.RetryDeadLetterResponse;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

/**
 * The operator's view of a service's dead letters: list them, retry one's sequence, evict one. Every service serves
 * it for its own processors; the gateway asks each.
 */
public class DeadLetterGrpcService extends DeadLetterServiceGrpc.DeadLetterServiceImplBase {

    private static final int MAX_PAGE = 1_000;

    private final EventProcessingConfiguration processing;

    public DeadLetterGrpcService(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    private record Found(String processor, org.axonframework.messaging.deadletter.DeadLetter<? extends EventMessage<?>>
            letter, String headId) {
    }

    @Override
    public void listDeadLetters(ListDeadLettersRequest request, StreamObserver<ListDeadLettersResponse> response) {
        int limit = request.getPageSize() == 0 ? 100 : request.getPageSize();
        if (limit < 1 || limit > MAX_PAGE) {
            throw RequestRejectedException.invalid("limit: a whole number from 1 to " + MAX_PAGE + " is required");
        }
        List<DeadLetter> letters = new ArrayList<>();
        queues().forEach((processor, queue) -> {
            for (var sequence : queue.deadLetters()) {
                for (var letter : sequence) {
                    if (letters.size() == limit) {
                        return;
                    }
                    letters.add(toProto(processor, letter));
                }
            }
        });
        response.onNext(ListDeadLettersResponse.newBuilder().addAllDeadLetters(letters).setTotal(total()).build());
        response.onCompleted();
    }

    @Override
    public void retryDeadLetter(RetryDeadLetterRequest request, StreamObserver<RetryDeadLetterResponse> response) {
        Found found = find(request.getId());
        boolean succeeded = processing.sequencedDeadLetterProcessor(found.processor())
                .map(processor -> processor.process(head -> head.message().getIdentifier().equals(found.headId())))
                .orElse(false);
        response.onNext(RetryDeadLetterResponse.newBuilder()
                .setSucceeded(succeeded && lookup(request.getId()).isEmpty())
                .setRemaining(total()).build());
        response.onCompleted();
    }

    @Override
    public void evictDeadLetter(EvictDeadLetterRequest request, StreamObserver<EvictDeadLetterResponse> response) {
        Found found = find(request.getId());
        queues().get(found.processor()).evict(found.letter());
        response.onNext(EvictDeadLetterResponse.newBuilder().setRemaining(total()).build());
        response.onCompleted();
    }

    private Found find(String id) {
        return lookup(id).orElseThrow(() -> RequestRejectedException.notFound("no dead letter '" + id + "'"));
    }

    private Optional<Found> lookup(String id) {
        for (var entry : queues().entrySet()) {
            for (var sequence : entry.getValue().deadLetters()) {
                String head = null;
                for (var letter : sequence) {
                    head = head == null ? letter.message().getIdentifier() : head;
                    if (letter.message().getIdentifier().equals(id)) {
                        return Optional.of(new Found(entry.getKey(), letter, head));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private long total() {
        return queues().values().stream().mapToLong(SequencedDeadLetterQueue::size).sum();
    }

    private Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues() {
        Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues = new TreeMap<>();
        processing.eventProcessors().keySet().forEach(processor -> processing.deadLetterQueue(processor)
                .ifPresent(queue -> queues.put(processor, queue)));
        return queues;
    }

    private static DeadLetter toProto(String processor,
                                      org.axonframework.messaging.deadletter.DeadLetter<? extends EventMessage<?>>
                                              letter) {
        EventMessage<?> event = letter.message();
        DeadLetter.Builder proto = DeadLetter.newBuilder().setId(event.getIdentifier()).setProcessor(processor)
                .setEventType(event.getPayloadType().getSimpleName())
                .setCause(letter.cause().map(Cause::message).map(DeadLetterGrpcService::oneLine).orElse(""))
                .setEnqueueTime(ProtoTime.timestamp(letter.enqueuedAt()))
                .setLastAttemptTime(ProtoTime.timestamp(letter.lastTouched()));
        if (event instanceof DomainEventMessage<?> domain) {
            proto.setSequence(domain.getAggregateIdentifier())
                    .setWorkspace(DeadLetterQueues.workspaceOf(domain.getAggregateIdentifier()))
                    .setAggregateSequence(domain.getSequenceNumber());
        }
        return proto.build();
    }

    private static String oneLine(String text) {
        String line = Optional.ofNullable(text).orElse("").lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
