package io.rapport.relationship.grpc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.relationship.v1.ChangeConsentRequest;
import io.rapport.proto.relationship.v1.ChangeConsentResponse;
import io.rapport.proto.relationship.v1.CheckConsentRequest;
import io.rapport.proto.relationship.v1.CheckConsentResponse;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.RelationshipChange;
import io.rapport.proto.relationship.v1.WatchChangesRequest;
import io.rapport.proto.relationship.v1.GetRelationshipResponse;
import io.rapport.proto.relationship.v1.RecordInteractionsRequest;
import io.rapport.proto.relationship.v1.RecordInteractionsResponse;
import io.rapport.proto.relationship.v1.RegisterCustomerRequest;
import io.rapport.proto.relationship.v1.RegisterCustomerResponse;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.ChangeConsentCommand;
import io.rapport.relationship.api.CheckConsentQuery;
import io.rapport.relationship.api.ConsentAnswer;
import io.rapport.relationship.api.FindRelationshipAsOfQuery;
import io.rapport.relationship.api.FindRelationshipQuery;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionOutcome;
import io.rapport.relationship.api.RecordInteractionsCommand;
import io.rapport.relationship.api.RegisterCustomerCommand;
import io.rapport.relationship.api.RelationshipIds;
import io.rapport.relationship.api.RelationshipChanges;
import io.rapport.relationship.api.RelationshipView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

/** The relationship service's gRPC face: validates and translates, then sends commands and queries. */
@Service
public class RelationshipGrpcService extends RelationshipServiceGrpc.RelationshipServiceImplBase {

    private static final long TIMEOUT_SECONDS = 30;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final RelationshipChanges changes;

    public RelationshipGrpcService(CommandGateway commands, QueryGateway queries, RelationshipChanges changes) {
        this.commands = commands;
        this.queries = queries;
        this.changes = changes;
    }

    @Override
    public void registerCustomer(RegisterCustomerRequest request, StreamObserver<RegisterCustomerResponse> response) {
        String tenant = Tenancy.currentTenant();
        String customerId = request.getCustomerId().isEmpty() ? UUID.randomUUID().toString() : request.getCustomerId();
        Problems problems = new Problems();
        ProtoMapping.customerId(customerId, problems.at("customer_id"));
        var profile = ProtoMapping.profile(request.getProfile(), problems);
        problems.throwIfAny();
        commands.sendAndWait(new RegisterCustomerCommand(RelationshipIds.of(tenant, customerId), tenant, customerId,
                profile), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(RegisterCustomerResponse.newBuilder().setCustomerId(customerId).build());
        response.onCompleted();
    }

    /**
     * Validates the whole batch first (one bad interaction stores nothing), then sends one command per customer,
     * concurrently. Should a command fail after others succeeded, the client re-sends the batch: event ids make
     * the interactions already recorded no-ops.
     */
    @Override
    public void recordInteractions(RecordInteractionsRequest request,
                                   StreamObserver<RecordInteractionsResponse> response) {
        String tenant = Tenancy.currentTenant();
        Problems problems = new Problems();
        List<Interaction> interactions = ProtoMapping.interactions(request.getInteractionsList(), problems);
        problems.throwIfAny();

        Map<String, List<Integer>> positionsByCustomer = new LinkedHashMap<>();
        for (int i = 0; i < interactions.size(); i++) {
            positionsByCustomer.computeIfAbsent(request.getInteractions(i).getCustomerId(), c -> new ArrayList<>()).add(i);
        }
        InteractionOutcome[] outcomes = new InteractionOutcome[interactions.size()];
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        positionsByCustomer.forEach((customerId, positions) -> {
            List<Interaction> ofCustomer = positions.stream().map(interactions::get).toList();
            CompletableFuture<List<InteractionOutcome>> result = commands.send(new RecordInteractionsCommand(
                    RelationshipIds.of(tenant, customerId), tenant, customerId, ofCustomer));
            sent.add(result.thenAccept(customerOutcomes -> {
                for (int i = 0; i < positions.size(); i++) {
                    outcomes[positions.get(i)] = customerOutcomes.get(i);
                }
            }));
        });
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();

        RecordInteractionsResponse.Builder reply = RecordInteractionsResponse.newBuilder();
        for (int i = 0; i < outcomes.length; i++) {
            var interaction = request.getInteractions(i);
            reply.addResults(RecordInteractionsResponse.Result.newBuilder()
                    .setEventId(interaction.getEventId())
                    .setCustomerId(interaction.getCustomerId())
                    .setOutcome(outcomes[i] == InteractionOutcome.RECORDED
                            ? RecordInteractionsResponse.Outcome.OUTCOME_RECORDED
                            : RecordInteractionsResponse.Outcome.OUTCOME_DUPLICATE));
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void changeConsent(ChangeConsentRequest request, StreamObserver<ChangeConsentResponse> response) {
        String tenant = Tenancy.currentTenant();
        Problems problems = new Problems();
        Channel channel = ProtoMapping.consentSubject(request.getCustomerId(), request.getChannel(),
                request.getPurpose(), problems);
        if (request.getSource().isBlank()) {
            problems.add("source", "required: where the change came from, e.g. signup-form");
        }
        problems.throwIfAny();
        Instant at = request.hasChangeTime() ? ProtoMapping.instant(request.getChangeTime()) : Instant.now();
        boolean changed = commands.sendAndWait(new ChangeConsentCommand(RelationshipIds.of(tenant, request.getCustomerId()),
                tenant, request.getCustomerId(), channel, request.getPurpose(), request.getGranted(), request.getSource(),
                at), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(ChangeConsentResponse.newBuilder().setChanged(changed).build());
        response.onCompleted();
    }

    @Override
    public void checkConsent(CheckConsentRequest request, StreamObserver<CheckConsentResponse> response) {
        String tenant = Tenancy.currentTenant();
        Problems problems = new Problems();
        Channel channel = ProtoMapping.consentSubject(request.getCustomerId(), request.getChannel(),
                request.getPurpose(), problems);
        problems.throwIfAny();
        Instant at = request.hasAtTime() ? ProtoMapping.instant(request.getAtTime()) : Instant.now();
        ConsentAnswer answer = queries.query(new CheckConsentQuery(RelationshipIds.of(tenant, request.getCustomerId()),
                channel, request.getPurpose(), at), ConsentAnswer.class).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        CheckConsentResponse.Builder reply = CheckConsentResponse.newBuilder().setHeld(answer.held());
        if (answer.changedAt() != null) {
            reply.setChangeTime(ProtoMapping.timestamp(answer.changedAt())).setSource(answer.source());
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    /** Streams the workspace's relationship changes until the client cancels. */
    @Override
    public void watchChanges(WatchChangesRequest request, StreamObserver<RelationshipChange> response) {
        var call = (ServerCallStreamObserver<RelationshipChange>) response;
        try {
            changes.follow(Tenancy.currentTenant(), request.getResumeToken(), call::isCancelled, change ->
                    response.onNext(RelationshipChange.newBuilder()
                            .setCustomerId(change.customerId())
                            .addAllChanged(change.changed())
                            .setPosition(change.position())
                            .setResumeToken(change.resumeToken())
                            .setRecordTime(ProtoMapping.timestamp(change.recordedAt()))
                            .build()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!call.isCancelled()) {
            response.onCompleted();
        }
    }

    @Override
    public void getRelationship(GetRelationshipRequest request, StreamObserver<GetRelationshipResponse> response) {
        String tenant = Tenancy.currentTenant();
        Problems problems = new Problems();
        ProtoMapping.customerId(request.getCustomerId(), problems.at("customer_id"));
        problems.throwIfAny();
        String id = RelationshipIds.of(tenant, request.getCustomerId());
        boolean past = request.hasAsOfTime() || request.hasKnownTime();
        Object query = past
                ? new FindRelationshipAsOfQuery(id,
                        request.hasAsOfTime() ? ProtoMapping.instant(request.getAsOfTime()) : null,
                        request.hasKnownTime() ? ProtoMapping.instant(request.getKnownTime()) : null)
                : new FindRelationshipQuery(id);
        RelationshipView view = queries.query(query, RelationshipView.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (view == null) {
            throw RequestRejectedException.notFound("no customer '" + request.getCustomerId() + "' in this workspace"
                    + (past ? " at that time" : ""));
        }
        response.onNext(GetRelationshipResponse.newBuilder().setRelationship(ProtoMapping.relationship(view)).build());
        response.onCompleted();
    }
}
