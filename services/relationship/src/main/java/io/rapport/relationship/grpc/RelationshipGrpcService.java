package io.rapport.relationship.grpc;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.rapport.platform.bounds.Bounds;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.relationship.v1.ChangeConsentRequest;
import io.rapport.proto.relationship.v1.ChangeConsentResponse;
import io.rapport.proto.relationship.v1.CheckConsentRequest;
import io.rapport.proto.relationship.v1.CheckConsentResponse;
import io.rapport.proto.relationship.v1.FitPurchaseModelRequest;
import io.rapport.proto.relationship.v1.FitPurchaseModelResponse;
import io.rapport.proto.relationship.v1.ForgetCustomerRequest;
import io.rapport.proto.relationship.v1.ForgetCustomerResponse;
import io.rapport.proto.relationship.v1.GetImportRequest;
import io.rapport.proto.relationship.v1.GetImportResponse;
import io.rapport.proto.relationship.v1.GetPurchaseModelFitRequest;
import io.rapport.proto.relationship.v1.GetPurchaseModelFitResponse;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.GetRelationshipResponse;
import io.rapport.proto.relationship.v1.GetReplayRequest;
import io.rapport.proto.relationship.v1.GetReplayResponse;
import io.rapport.proto.relationship.v1.GetTimelineRequest;
import io.rapport.proto.relationship.v1.GetTimelineResponse;
import io.rapport.proto.relationship.v1.LinkIdentifierRequest;
import io.rapport.proto.relationship.v1.LinkIdentifierResponse;
import io.rapport.proto.relationship.v1.ListImportsRequest;
import io.rapport.proto.relationship.v1.ListImportsResponse;
import io.rapport.proto.relationship.v1.ListPurchaseModelFitsRequest;
import io.rapport.proto.relationship.v1.ListPurchaseModelFitsResponse;
import io.rapport.proto.relationship.v1.ListRelationshipsRequest;
import io.rapport.proto.relationship.v1.ListRelationshipsResponse;
import io.rapport.proto.relationship.v1.MergeCustomersRequest;
import io.rapport.proto.relationship.v1.MergeCustomersResponse;
import io.rapport.proto.relationship.v1.RecordInteractionsRequest;
import io.rapport.proto.relationship.v1.RecordInteractionsResponse;
import io.rapport.proto.relationship.v1.RegisterCustomerRequest;
import io.rapport.proto.relationship.v1.RegisterCustomerResponse;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.RelationshipChange;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import io.rapport.proto.relationship.v1.ResolveIdentifierRequest;
import io.rapport.proto.relationship.v1.ResolveIdentifierResponse;
import io.rapport.proto.relationship.v1.ScoreSentimentRequest;
import io.rapport.proto.relationship.v1.ScoreSentimentResponse;
import io.rapport.proto.relationship.v1.StartImportRequest;
import io.rapport.proto.relationship.v1.StartImportResponse;
import io.rapport.proto.relationship.v1.StartReplayRequest;
import io.rapport.proto.relationship.v1.StartReplayResponse;
import io.rapport.proto.relationship.v1.StreamRelationshipsRequest;
import io.rapport.proto.relationship.v1.UnmergeCustomersRequest;
import io.rapport.proto.relationship.v1.UnmergeCustomersResponse;
import io.rapport.proto.relationship.v1.UpsertCustomersRequest;
import io.rapport.proto.relationship.v1.UpsertCustomersResponse;
import io.rapport.proto.relationship.v1.WatchChangesRequest;
import io.rapport.relationship.api.ChangeConsentCommand;
import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.CheckConsentQuery;
import io.rapport.relationship.api.ConsentAnswer;
import io.rapport.relationship.api.CustomerRules;
import io.rapport.relationship.api.CustomerUpsert;
import io.rapport.relationship.api.CustomerUpserts;
import io.rapport.relationship.api.FindImportJobQuery;
import io.rapport.relationship.api.FindLatestPurchaseModelFitQuery;
import io.rapport.relationship.api.FindPurchaseModelFitQuery;
import io.rapport.relationship.api.FindRelationshipAsOfQuery;
import io.rapport.relationship.api.FindRelationshipQuery;
import io.rapport.relationship.api.FindReplayQuery;
import io.rapport.relationship.api.FindTimelineQuery;
import io.rapport.relationship.api.ForgetCustomerCommand;
import io.rapport.relationship.api.Identifier;
import io.rapport.relationship.api.ImportJob;
import io.rapport.relationship.api.ImportJobPage;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionOutcome;
import io.rapport.relationship.api.LinkIdentifierCommand;
import io.rapport.relationship.api.ListImportJobsQuery;
import io.rapport.relationship.api.ListPurchaseModelFitsQuery;
import io.rapport.relationship.api.MergeCustomersCommand;
import io.rapport.relationship.api.PurchaseModelFit;
import io.rapport.relationship.api.PurchaseModelFitPage;
import io.rapport.relationship.api.PurchaseModelFitting;
import io.rapport.relationship.api.RecordInteractionsCommand;
import io.rapport.relationship.api.RegisterCustomerCommand;
import io.rapport.relationship.api.RelationshipChanges;
import io.rapport.relationship.api.RelationshipIds;
import io.rapport.relationship.api.RelationshipView;
import io.rapport.relationship.api.RelationshipViews;
import io.rapport.relationship.api.ReplayJob;
import io.rapport.relationship.api.ResolveCustomerQuery;
import io.rapport.relationship.api.ScoreSentimentQuery;
import io.rapport.relationship.api.Sentiment;
import io.rapport.relationship.api.StartImportCommand;
import io.rapport.relationship.api.StartReplayCommand;
import io.rapport.relationship.api.TimelinePage;
import io.rapport.relationship.api.UnmergeCustomersCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.stereotype.Service;

/** The relationship service's gRPC face: validates and translates, then sends commands and queries. */
@Service
public class RelationshipGrpcService extends RelationshipServiceGrpc.RelationshipServiceImplBase {

    private static final long TIMEOUT_SECONDS = 30;
    /** Fitting a large workspace takes a while; the caller's deadline is the real limit. */
    private static final int DEFAULT_HORIZON_DAYS = 365;
    private static final int MAX_HORIZON_DAYS = 3_650;
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 500;
    /** How many views a stream reads ahead of what it has sent. */
    private static final int STREAM_READ_AHEAD = 500;
    /** The most customers a stream may be asked to stop after. */
    private static final long MAX_STREAMED = 10_000_000;
    private static final int DEFAULT_NEWEST_FIRST_PAGE_SIZE = 20;
    private static final int MAX_NEWEST_FIRST_PAGE_SIZE = 100;
    private static final String CUSTOMERS_PAGE = "customers";
    private static final String IMPORTS_PAGE = "imports";
    private static final String FITS_PAGE = "fits";
    private static final int MAX_SENTIMENT_TEXT = 10_000;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final RelationshipChanges changes;
    private final RelationshipViews views;
    private final CustomerUpserts upserts;
    private final PurchaseModelFitting fits;
    private final GrpcExceptionHandler errors;
    private final Path uploads;

    public RelationshipGrpcService(CommandGateway commands, QueryGateway queries, RelationshipChanges changes,
                                   RelationshipViews views, CustomerUpserts upserts, PurchaseModelFitting fits,
                                   GrpcExceptionHandler errors,
                                   @Value("${rapport.imports.dir:${java.io.tmpdir}/rapport-imports}") Path uploads) {
        this.commands = commands;
        this.queries = queries;
        this.changes = changes;
        this.views = views;
        this.upserts = upserts;
        this.fits = fits;
        this.errors = errors;
        this.uploads = uploads;
    }

    @Override
    public void registerCustomer(RegisterCustomerRequest request, StreamObserver<RegisterCustomerResponse> response) {
        String tenant = Tenancy.currentTenant();
        String customerId = request.getCustomerId().isEmpty() ? UUID.randomUUID().toString() : request.getCustomerId();
        Problems problems = new Problems();
        ProtoMapping.customerId(customerId, problems.at("customerId"));
        var profile = ProtoMapping.profile(request.getProfile(), problems);
        var identifiers = ProtoMapping.identifiers(request.getIdentifiersList(), problems);
        problems.throwIfAny();
        commands.sendAndWait(new RegisterCustomerCommand(RelationshipIds.of(tenant, customerId), tenant, customerId,
                profile, identifiers), TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
        List<Interaction> interactions = ProtoMapping.interactions(request.getInteractionsList(), Instant.now(), problems);
        problems.throwIfAny();

        // Whom each interaction is about: its customer id, or whoever holds its identifier (a new customer if
        // nobody does, given the identifier).
        String[] customers = new String[interactions.size()];
        Map<String, Identifier> newByIdentifier = new LinkedHashMap<>();
        Map<String, String> holders = new HashMap<>();
        for (int i = 0; i < interactions.size(); i++) {
            var proto = request.getInteractions(i);
            if (!proto.hasCustomerIdentifier()) {
                customers[i] = proto.getCustomerId();
                continue;
            }
            Identifier identifier = ProtoMapping.identifier(proto.getCustomerIdentifier(), new Problems());
            customers[i] = holders.computeIfAbsent(identifier.key(), key -> {
                String holder = queries.query(new ResolveCustomerQuery(tenant, identifier), String.class)
                        .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
                if (holder != null) {
                    return holder;
                }
                newByIdentifier.put(identifier.newCustomerId(), identifier);
                return identifier.newCustomerId();
            });
        }
        Map<String, List<Integer>> positionsByCustomer = new LinkedHashMap<>();
        for (int i = 0; i < interactions.size(); i++) {
            positionsByCustomer.computeIfAbsent(customers[i], c -> new ArrayList<>()).add(i);
        }
        InteractionOutcome[] outcomes = new InteractionOutcome[interactions.size()];
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        positionsByCustomer.forEach((customerId, positions) -> {
            List<Interaction> ofCustomer = positions.stream().map(interactions::get).toList();
            CompletableFuture<List<InteractionOutcome>> result = commands.send(new RecordInteractionsCommand(
                    RelationshipIds.of(tenant, customerId), tenant, customerId, ofCustomer,
                    newByIdentifier.get(customerId)));
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
                    .setCustomerId(customers[i])
                    .setOutcome(RecordInteractionsResponse.Outcome.valueOf("OUTCOME_" + outcomes[i].name())));
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void upsertCustomers(UpsertCustomersRequest request, StreamObserver<UpsertCustomersResponse> response) {
        String tenant = Tenancy.currentTenant();
        Problems problems = new Problems();
        List<CustomerUpsert> items = ProtoMapping.upserts(request.getCustomersList(), Instant.now(), problems);
        problems.throwIfAny();
        UpsertCustomersResponse.Builder reply = UpsertCustomersResponse.newBuilder();
        for (CustomerUpserts.Result result : upserts.upsert(tenant, items)) {
            reply.addResults(UpsertCustomersResponse.Result.newBuilder().setCustomerId(result.customerId())
                    .setOutcome(UpsertCustomersResponse.Outcome.valueOf("OUTCOME_" + result.outcome().name()))
                    .setMessage(result.message()));
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
        Instant now = Instant.now();
        Instant at = request.hasChangeTime() ? ProtoMapping.instant(request.getChangeTime()) : now;
        CustomerRules.checkConsentChange(request.getSource(), at, now, problems::add);
        problems.throwIfAny();
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
        Instant at = ProtoMapping.time(request.hasAtTime(), request.getAtTime(), "at", problems);
        problems.throwIfAny();
        at = at == null ? Instant.now() : at;
        ConsentAnswer answer = queries.query(new CheckConsentQuery(RelationshipIds.of(tenant, request.getCustomerId()),
                channel, request.getPurpose(), at), ConsentAnswer.class).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (answer == null) {
            throw RequestRejectedException.notFound("no customer '" + request.getCustomerId() + "' in this workspace");
        }
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
        Problems problems = new Problems();
        Instant start = ProtoMapping.time(request.hasStartTime(), request.getStartTime(), "startTime", problems);
        problems.throwIfAny();
        try {
            changes.follow(Tenancy.currentTenant(), request.getResumeToken(), start, call::isCancelled, change ->
                    response.onNext(RelationshipChange.newBuilder()
                            .setCustomerId(change.customerId())
                            .addAllChanged(change.changed())
                            .setPosition(change.position())
                            .setResumeToken(change.resumeToken())
                            .setRecordTime(ProtoMapping.timestamp(change.recordedAt()))
                            .setVersion(change.version())
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
        ProtoMapping.customerId(request.getCustomerId(), problems.at("customerId"));
        problems.throwIfAny();
        int horizon = horizon(request.getHorizonDays(), problems);
        Instant asOf = ProtoMapping.time(request.hasAsOfTime(), request.getAsOfTime(), "asOf", problems);
        Instant knownAt = ProtoMapping.time(request.hasKnownTime(), request.getKnownTime(), "knownAt", problems);
        problems.throwIfAny();
        String id = RelationshipIds.of(tenant, request.getCustomerId());
        boolean past = request.hasAsOfTime() || request.hasKnownTime();
        Object query = past ? new FindRelationshipAsOfQuery(id, asOf, knownAt, horizon)
                : new FindRelationshipQuery(id, horizon);
        RelationshipView view = queries.query(query, RelationshipView.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (view == null) {
            throw RequestRejectedException.notFound("no customer '" + request.getCustomerId() + "' in this workspace"
                    + (past ? " at that time" : ""));
        }
        response.onNext(GetRelationshipResponse.newBuilder().setRelationship(ProtoMapping.relationship(view)).build());
        response.onCompleted();
    }

    @Override
    public void getTimeline(GetTimelineRequest request, StreamObserver<GetTimelineResponse> response) {
        String tenant = Tenancy.currentTenant();
        Problems problems = new Problems();
        ProtoMapping.customerId(request.getCustomerId(), problems.at("customerId"));
        var channels = ProtoMapping.channels(request.getChannelsList(), "channels", problems);
        var kinds = ProtoMapping.kinds(request.getKindsList(), "kinds", problems);
        var types = ProtoMapping.entryTypes(request.getTypesList(), "types", problems);
        int size = bounded("limit", request.getPageSize(), MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, problems);
        Instant from = ProtoMapping.time(request.hasStartTime(), request.getStartTime(), "from", problems);
        Instant to = ProtoMapping.time(request.hasEndTime(), request.getEndTime(), "to", problems);
        if (from != null && to != null && !from.isBefore(to)) {
            problems.add("to", "must be after from");
        }
        problems.throwIfAny();
        TimelinePage page = queries.query(new FindTimelineQuery(RelationshipIds.of(tenant, request.getCustomerId()),
                        channels, kinds, types, from, to, size,
                        request.getPageToken().isEmpty() ? null : request.getPageToken()), TimelinePage.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (page == null) {
            throw RequestRejectedException.notFound("no customer '" + request.getCustomerId() + "' in this workspace");
        }
        GetTimelineResponse.Builder reply = GetTimelineResponse.newBuilder();
        page.entries().forEach(entry -> reply.addEntries(ProtoMapping.timelineEntry(entry)));
        if (page.nextPageToken() != null) {
            reply.setNextPageToken(page.nextPageToken());
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void fitPurchaseModel(FitPurchaseModelRequest request, StreamObserver<FitPurchaseModelResponse> response) {
        String tenant = Tenancy.currentTenant();
        Problems problems = new Problems();
        Instant asOf = ProtoMapping.time(request.hasAsOfTime(), request.getAsOfTime(), "asOf", problems);
        if (asOf != null && asOf.isAfter(Instant.now().plus(Bounds.CLOCK_SKEW))) {
            problems.add("asOf", "must not be in the future: a fit learns from purchases that happened");
        }
        problems.throwIfAny();
        PurchaseModelFit fit = fits.fit(tenant, asOf);
        response.onNext(FitPurchaseModelResponse.newBuilder().setFit(ProtoMapping.fit(fit)).build());
        response.onCompleted();
    }

    @Override
    public void getPurchaseModelFit(GetPurchaseModelFitRequest request,
                                    StreamObserver<GetPurchaseModelFitResponse> response) {
        String tenant = Tenancy.currentTenant();
        boolean byId = !request.getId().isEmpty();
        if (byId && request.hasAsOfTime()) {
            throw RequestRejectedException.invalid("asOf: not with id (a fit by id is that fit)");
        }
        Problems problems = new Problems();
        Instant asOf = ProtoMapping.time(request.hasAsOfTime(), request.getAsOfTime(), "asOf", problems);
        problems.throwIfAny();
        Object query = byId ? new FindPurchaseModelFitQuery(tenant, request.getId())
                : new FindLatestPurchaseModelFitQuery(tenant, asOf);
        PurchaseModelFit fit = queries.query(query, PurchaseModelFit.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (fit == null) {
            throw RequestRejectedException.notFound(byId ? "no fit '" + request.getId() + "' in this workspace"
                    : "no purchase-model fit in this workspace"
                    + (request.hasAsOfTime() ? " on data up to that time" : " yet"));
        }
        response.onNext(GetPurchaseModelFitResponse.newBuilder().setFit(ProtoMapping.fit(fit)).build());
        response.onCompleted();
    }

    @Override
    public StreamObserver<StartImportRequest> startImport(StreamObserver<StartImportResponse> response) {
        String tenant = Tenancy.currentTenant();
        return new ImportUploads(ImportUploads.newDirectory(uploads), response, (format, mapping, files) ->
                ProtoMapping.importJob(commands.sendAndWait(new StartImportCommand(tenant, format, mapping, files),
                        TIMEOUT_SECONDS, TimeUnit.SECONDS)),
                failure -> response.onError(errors.handleException(failure)));
    }

    @Override
    public void getImport(GetImportRequest request, StreamObserver<GetImportResponse> response) {
        String tenant = Tenancy.currentTenant();
        ImportJob job = queries.query(new FindImportJobQuery(tenant, request.getId()), ImportJob.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (job == null) {
            throw RequestRejectedException.notFound("no import '" + request.getId() + "' in this workspace");
        }
        response.onNext(GetImportResponse.newBuilder().setJob(ProtoMapping.importJob(job)).build());
        response.onCompleted();
    }

    @Override
    public void listImports(ListImportsRequest request, StreamObserver<ListImportsResponse> response) {
        PageRequest asked = newestFirstPage(request.getPageSize(), request.getPageToken(), IMPORTS_PAGE);
        ImportJobPage page = queries.query(new ListImportJobsQuery(Tenancy.currentTenant(), asked.size(),
                asked.after()), ImportJobPage.class).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        ListImportsResponse.Builder answer = ListImportsResponse.newBuilder();
        page.jobs().forEach(job -> answer.addJobs(ProtoMapping.importJob(job)));
        if (page.nextPageToken() != null) {
            answer.setNextPageToken(PageTokens.encode(IMPORTS_PAGE, page.nextPageToken()));
        }
        response.onNext(answer.build());
        response.onCompleted();
    }

    @Override
    public void listPurchaseModelFits(ListPurchaseModelFitsRequest request,
                                      StreamObserver<ListPurchaseModelFitsResponse> response) {
        PageRequest asked = newestFirstPage(request.getPageSize(), request.getPageToken(), FITS_PAGE);
        PurchaseModelFitPage page = queries.query(new ListPurchaseModelFitsQuery(Tenancy.currentTenant(),
                asked.size(), asked.after()), PurchaseModelFitPage.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        ListPurchaseModelFitsResponse.Builder answer = ListPurchaseModelFitsResponse.newBuilder();
        page.fits().forEach(fit -> answer.addFits(ProtoMapping.fit(fit)));
        if (page.nextPageToken() != null) {
            answer.setNextPageToken(PageTokens.encode(FITS_PAGE, page.nextPageToken()));
        }
        response.onNext(answer.build());
        response.onCompleted();
    }

    /** A page asked for: its size and where it continues from (null for the first page). */
    private record PageRequest(int size, String after) {
    }

    /**
     * Checks a newest-first list's page request (its size, and that the token is this list's); refuses the call
     * with every problem found.
     */
    private static PageRequest newestFirstPage(int pageSize, String pageToken, String list) {
        Problems problems = new Problems();
        int size = bounded("limit", pageSize, MAX_NEWEST_FIRST_PAGE_SIZE, DEFAULT_NEWEST_FIRST_PAGE_SIZE, problems);
        String after = PageTokens.decode(pageToken, list, problems);
        problems.throwIfAny();
        return new PageRequest(size, after);
    }

    @Override
    public void forgetCustomer(ForgetCustomerRequest request, StreamObserver<ForgetCustomerResponse> response) {
        String tenant = Tenancy.currentTenant();
        Problems problems = new Problems();
        ProtoMapping.customerId(request.getCustomerId(), problems.at("customerId"));
        problems.throwIfAny();
        boolean forgotten = commands.sendAndWait(new ForgetCustomerCommand(RelationshipIds.of(tenant,
                request.getCustomerId()), tenant, request.getCustomerId()), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(ForgetCustomerResponse.newBuilder().setForgotten(forgotten).build());
        response.onCompleted();
    }

    @Override
    public void startReplay(StartReplayRequest request, StreamObserver<StartReplayResponse> response) {
        ReplayJob job = commands.sendAndWait(new StartReplayCommand(Tenancy.currentTenant()), TIMEOUT_SECONDS,
                TimeUnit.SECONDS);
        response.onNext(StartReplayResponse.newBuilder().setJob(ProtoMapping.replayJob(job)).build());
        response.onCompleted();
    }

    @Override
    public void getReplay(GetReplayRequest request, StreamObserver<GetReplayResponse> response) {
        ReplayJob job = queries.query(new FindReplayQuery(request.getId()), ReplayJob.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (job == null) {
            throw RequestRejectedException.notFound("no replay '" + request.getId() + "'");
        }
        response.onNext(GetReplayResponse.newBuilder().setJob(ProtoMapping.replayJob(job)).build());
        response.onCompleted();
    }

    @Override
    public void streamRelationships(StreamRelationshipsRequest request, StreamObserver<Relationship> response) {
        Problems problems = new Problems();
        int horizon = horizon(request.getHorizonDays(), problems);
        String after = request.getAfterCustomerId().isEmpty() ? null : request.getAfterCustomerId();
        if (after != null) {
            ProtoMapping.customerId(after, problems.at("afterCustomerId"));
        }
        long limit = request.hasMaxCustomers() ? request.getMaxCustomers() : Long.MAX_VALUE;
        if (request.hasMaxCustomers() && (limit < 1 || limit > MAX_STREAMED)) {
            problems.add("maxCustomers", "1 to " + MAX_STREAMED + ", got " + limit);
        }
        problems.throwIfAny();
        new ViewStream(Tenancy.currentTenant(), after, horizon, limit,
                (ServerCallStreamObserver<Relationship>) response).start();
    }

    /**
     * Sends a workspace's views only as fast as the client reads them, driven by the call's readiness: it sends
     * while the call is ready, then returns, and goes on where it stopped when the call is ready again. (A handler
     * that waited for readiness in its own thread would never hear of it: gRPC delivers the call's callbacks one at
     * a time, after the handler returns.) Views are read {@value #STREAM_READ_AHEAD} at a time and those not sent
     * yet are kept for the next turn: a call pauses every few dozen views (when its transport holds a few dozen
     * kilobytes), and reading the store again at each pause read a thousand views to send a few dozen. A workspace
     * of millions neither piles up in memory (one read-ahead per call) nor holds a thread.
     */
    private final class ViewStream {

        private final String tenant;
        private final int horizon;
        private final ServerCallStreamObserver<Relationship> call;
        private final Deque<RelationshipView> readAhead = new ArrayDeque<>(STREAM_READ_AHEAD);
        /** How many views may still be sent. */
        private long left;
        private String lastRead;
        private boolean allRead;
        private boolean done;

        ViewStream(String tenant, String after, int horizon, long limit, ServerCallStreamObserver<Relationship> call) {
            this.tenant = tenant;
            this.lastRead = after;
            this.horizon = horizon;
            this.left = limit;
            this.call = call;
        }

        void start() {
            call.setOnCancelHandler(() -> done = true);
            call.setOnReadyHandler(this::send);
            send();
        }

        private void send() {
            try {
                while (!done) {
                    if (call.isCancelled()) {
                        done = true;
                    } else if (!call.isReady()) {
                        return; // goes on when the call is ready again
                    } else if (!readAhead.isEmpty() && left > 0) {
                        left--;
                        call.onNext(ProtoMapping.relationship(readAhead.poll()));
                    } else if (allRead || left == 0) {
                        done = true;
                        call.onCompleted();
                    } else {
                        readNext();
                    }
                }
            } catch (RuntimeException failure) {
                // Past the handler (in a readiness callback) nothing else would answer the call.
                done = true;
                call.onError(errors.handleException(failure));
            }
        }

        private void readNext() {
            int wanted = (int) Math.min(STREAM_READ_AHEAD, left);
            views.forEach(tenant, lastRead, wanted, horizon, false, view -> {
                readAhead.add(view);
                lastRead = view.customerId();
                return readAhead.size() < wanted;
            });
            allRead = readAhead.size() < wanted;
        }
    }

    @Override
    public void listRelationships(ListRelationshipsRequest request,
                                  StreamObserver<ListRelationshipsResponse> response) {
        Problems problems = new Problems();
        int size = bounded("limit", request.getPageSize(), MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, problems);
        String after = PageTokens.decode(request.getPageToken(), CUSTOMERS_PAGE, problems);
        int horizon = horizon(request.getHorizonDays(), problems);
        problems.throwIfAny();
        ListRelationshipsResponse.Builder page = ListRelationshipsResponse.newBuilder();
        // One more than the page is read, to know whether another page follows.
        views.forEach(Tenancy.currentTenant(), after, size + 1, horizon, true, view -> {
            if (page.getRelationshipsCount() == size) {
                page.setNextPageToken(PageTokens.encode(CUSTOMERS_PAGE,
                        page.getRelationships(size - 1).getCustomerId()));
                return false;
            }
            page.addRelationships(ProtoMapping.relationship(view));
            return true;
        });
        response.onNext(page.build());
        response.onCompleted();
    }

    /** The prediction horizon asked for: the default for 0, a problem when out of range. */
    private static int horizon(int days, Problems problems) {
        return bounded("horizonDays", days, MAX_HORIZON_DAYS, DEFAULT_HORIZON_DAYS, problems);
    }

    /** A number field from 1 to {@code max}, 0 meaning {@code fallback}: its value, a problem when out of range. */
    private static int bounded(String field, int value, int max, int fallback, Problems problems) {
        if (value < 0 || value > max) {
            problems.add(field, "must be between 1 and " + max + " (0 for the default, " + fallback + ")");
        }
        return value == 0 ? fallback : value;
    }

    @Override
    public void scoreSentiment(ScoreSentimentRequest request, StreamObserver<ScoreSentimentResponse> response) {
        if (request.getText().length() > MAX_SENTIMENT_TEXT) {
            throw RequestRejectedException.invalid("text: at most " + MAX_SENTIMENT_TEXT + " characters");
        }
        Sentiment score = queries.query(new ScoreSentimentQuery(request.getText()), Sentiment.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        response.onNext(ScoreSentimentResponse.newBuilder().setScore(ProtoMapping.sentiment(score)).build());
        response.onCompleted();
    }

    @Override
    public void linkIdentifier(LinkIdentifierRequest request, StreamObserver<LinkIdentifierResponse> response) {
        String tenant = Tenancy.currentTenant();
        Problems problems = new Problems();
        ProtoMapping.customerId(request.getCustomerId(), problems.at("customerId"));
        Identifier identifier = ProtoMapping.identifier(request.getIdentifier(), problems.at("identifier"));
        problems.throwIfAny();
        boolean linked = commands.sendAndWait(new LinkIdentifierCommand(RelationshipIds.of(tenant,
                request.getCustomerId()), tenant, request.getCustomerId(), identifier), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(LinkIdentifierResponse.newBuilder().setLinked(linked).build());
        response.onCompleted();
    }

    @Override
    public void resolveIdentifier(ResolveIdentifierRequest request, StreamObserver<ResolveIdentifierResponse> response) {
        String tenant = Tenancy.currentTenant();
        Problems problems = new Problems();
        Identifier identifier = ProtoMapping.identifier(request.getIdentifier(), problems.at("identifier"));
        problems.throwIfAny();
        String holder = queries.query(new ResolveCustomerQuery(tenant, identifier), String.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (holder == null) {
            throw RequestRejectedException.notFound("nobody in this workspace holds that " + identifier.type().name()
                    .toLowerCase(Locale.ROOT) + " identifier");
        }
        response.onNext(ResolveIdentifierResponse.newBuilder().setCustomerId(holder)
                .setIdentifier(ProtoMapping.identifier(identifier)).build());
        response.onCompleted();
    }

    @Override
    public void mergeCustomers(MergeCustomersRequest request, StreamObserver<MergeCustomersResponse> response) {
        String tenant = Tenancy.currentTenant();
        checkMergeSubjects(request.getSurvivorCustomerId(), request.getMergedCustomerId());
        commands.sendAndWait(new MergeCustomersCommand(tenant, request.getSurvivorCustomerId(),
                request.getMergedCustomerId()), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(MergeCustomersResponse.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void unmergeCustomers(UnmergeCustomersRequest request, StreamObserver<UnmergeCustomersResponse> response) {
        String tenant = Tenancy.currentTenant();
        checkMergeSubjects(request.getSurvivorCustomerId(), request.getMergedCustomerId());
        commands.sendAndWait(new UnmergeCustomersCommand(tenant, request.getSurvivorCustomerId(),
                request.getMergedCustomerId()), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(UnmergeCustomersResponse.getDefaultInstance());
        response.onCompleted();
    }

    private static void checkMergeSubjects(String survivorCustomerId, String mergedCustomerId) {
        Problems problems = new Problems();
        ProtoMapping.customerId(survivorCustomerId, problems.at("survivorCustomerId"));
        ProtoMapping.customerId(mergedCustomerId, problems.at("mergedCustomerId"));
        problems.throwIfAny();
    }
}
