package io.rapport.gateway.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.Workspace;
import io.rapport.gateway.web.WorkspaceStubs;
import io.rapport.proto.operations.v1.DeadLetter;
import io.rapport.proto.operations.v1.DeadLetterServiceGrpc;
import io.rapport.proto.operations.v1.EvictDeadLetterRequest;
import io.rapport.proto.operations.v1.ListDeadLettersRequest;
import io.rapport.proto.operations.v1.ListDeadLettersResponse;
import io.rapport.proto.operations.v1.RetryDeadLetterRequest;
import io.rapport.proto.operations.v1.RetryDeadLetterResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The events the services' processors could not handle (dead letters): each waits with the later events of its
 * aggregate while everything else goes on, until the operator retries or evicts it. They span the installation, so
 * only the operator sees them.
 */
@Tag(name = "Dead letters", description = "Events a service could not handle, set aside per aggregate (operator).")
@RestController
public class DeadLetterController {

    private static final String WHY = "Dead letters belong to the installation";
    private static final List<String> SERVICES = List.of("relationship", "campaign", "messaging");

    /** One dead letter, and the service that holds it. */
    record DeadLetterJson(String service, String id, String processor, String workspace, String aggregate,
                          long aggregateSequence, String eventType, String cause, Instant enqueuedAt,
                          Instant lastAttemptAt) {

        static DeadLetterJson of(String service, DeadLetter letter) {
            return new DeadLetterJson(service, letter.getId(), letter.getProcessor(), letter.getWorkspace(),
                    letter.getSequence(), letter.getAggregateSequence(), letter.getEventType(), letter.getCause(),
                    RequestValues.instant(letter.getEnqueueTime()), RequestValues.instant(letter.getLastAttemptTime()));
        }
    }

    record DeadLetters(List<DeadLetterJson> items, Map<String, Long> totals) {
    }

    record Retried(boolean succeeded, long remaining) {
    }

    record Evicted(long remaining) {
    }

    private final Map<String, DeadLetterServiceGrpc.DeadLetterServiceBlockingStub> stubs = new LinkedHashMap<>();
    private final Duration deadline;

    public DeadLetterController(GrpcChannelFactory channels,
                                @Value("${rapport.gateway.deadline:10s}") Duration deadline) {
        SERVICES.forEach(service -> stubs.put(service,
                DeadLetterServiceGrpc.newBlockingStub(channels.createChannel(service))));
        this.deadline = deadline;
    }

    @Operation(operationId = "listDeadLetters", summary = "Every service's dead letters (operator)")
    @GetMapping("/v1/admin/dead-letters")
    DeadLetters list(@RequestParam(required = false) String limit, HttpServletRequest request) {
        Workspace.requireOperator(request, WHY);
        List<String> errors = new ArrayList<>();
        int size = RequestValues.integer(limit, "limit", 1, 1_000, errors).orElse(100);
        InvalidRequestException.throwIfAny(errors);
        List<DeadLetterJson> items = new ArrayList<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        stubs.forEach((service, stub) -> {
            ListDeadLettersResponse answer = stub(service, request)
                    .listDeadLetters(ListDeadLettersRequest.newBuilder().setPageSize(size).build());
            totals.put(service, answer.getTotal());
            answer.getDeadLettersList().forEach(letter -> items.add(DeadLetterJson.of(service, letter)));
        });
        return new DeadLetters(items.subList(0, Math.min(size, items.size())), totals);
    }

    @Operation(operationId = "retryDeadLetter", summary = "Handle a dead letter's aggregate again from it (operator)")
    @PostMapping("/v1/admin/dead-letters/{service}/{id}/retry")
    Retried retry(@PathVariable String service, @PathVariable String id, HttpServletRequest request) {
        Workspace.requireOperator(request, WHY);
        RetryDeadLetterResponse answer = stub(service, request)
                .retryDeadLetter(RetryDeadLetterRequest.newBuilder().setId(id).build());
        return new Retried(answer.getSucceeded(), answer.getRemaining());
    }

    @Operation(operationId = "evictDeadLetter", summary = "Drop a dead letter: its event is never handled (operator)")
    @DeleteMapping("/v1/admin/dead-letters/{service}/{id}")
    Evicted evict(@PathVariable String service, @PathVariable String id, HttpServletRequest request) {
        Workspace.requireOperator(request, WHY);
        return new Evicted(stub(service, request)
                .evictDeadLetter(EvictDeadLetterRequest.newBuilder().setId(id).build()).getRemaining());
    }

    private DeadLetterServiceGrpc.DeadLetterServiceBlockingStub stub(String service, HttpServletRequest request) {
        DeadLetterServiceGrpc.DeadLetterServiceBlockingStub stub = stubs.get(service);
        if (stub == null) {
            throw new InvalidRequestException(List.of("service: one of " + SERVICES));
        }
        return WorkspaceStubs.forWorkspace(stub, Workspace.of(request), deadline);
    }
}
