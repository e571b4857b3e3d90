package io.rapport.campaign.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.grpc.stub.StreamObserver;
import io.rapport.campaign.api.ActivateJourneyCommand;
import io.rapport.campaign.api.CampaignDefinition;
import io.rapport.campaign.api.CampaignPage;
import io.rapport.campaign.api.CampaignView;
import io.rapport.campaign.api.CancelCampaignCommand;
import io.rapport.campaign.api.ChangeSegmentCommand;
import io.rapport.campaign.api.CreateCampaignCommand;
import io.rapport.campaign.api.CreateJourneyCommand;
import io.rapport.campaign.api.DefineSegmentCommand;
import io.rapport.campaign.api.FindCampaignQuery;
import io.rapport.campaign.api.FindJourneyQuery;
import io.rapport.campaign.api.FindSegmentQuery;
import io.rapport.campaign.api.JourneyDefinition;
import io.rapport.campaign.api.JourneyPage;
import io.rapport.campaign.api.JourneyView;
import io.rapport.campaign.api.ListCampaignsQuery;
import io.rapport.campaign.api.ListJourneysQuery;
import io.rapport.campaign.api.ListSegmentsQuery;
import io.rapport.campaign.api.ScheduleCampaignCommand;
import io.rapport.campaign.api.SegmentPage;
import io.rapport.campaign.api.SegmentView;
import io.rapport.campaign.api.StopJourneyCommand;
import io.rapport.campaign.api.UpdateCampaignCommand;
import io.rapport.campaign.api.UpdateJourneyCommand;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.delivery.Previews;
import io.rapport.campaign.journey.JourneyReports;
import io.rapport.campaign.membership.SegmentEvaluation;
import io.rapport.campaign.membership.SegmentMembers;
import io.rapport.campaign.report.CampaignReports;
import io.rapport.campaign.rules.RuleSyntaxException;
import io.rapport.campaign.rules.SegmentRule;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.campaign.v1.ActivateJourneyRequest;
import io.rapport.proto.campaign.v1.ActivateJourneyResponse;
import io.rapport.proto.campaign.v1.Campaign;
import io.rapport.proto.campaign.v1.CampaignServiceGrpc;
import io.rapport.proto.campaign.v1.CancelCampaignRequest;
import io.rapport.proto.campaign.v1.CancelCampaignResponse;
import io.rapport.proto.campaign.v1.CreateCampaignRequest;
import io.rapport.proto.campaign.v1.CreateCampaignResponse;
import io.rapport.proto.campaign.v1.CreateJourneyRequest;
import io.rapport.proto.campaign.v1.CreateJourneyResponse;
import io.rapport.proto.campaign.v1.CreateSegmentRequest;
import io.rapport.proto.campaign.v1.CreateSegmentResponse;
import io.rapport.proto.campaign.v1.EvaluateSegmentRequest;
import io.rapport.proto.campaign.v1.EvaluateSegmentResponse;
import io.rapport.proto.campaign.v1.GetCampaignReportRequest;
import io.rapport.proto.campaign.v1.GetCampaignReportResponse;
import io.rapport.proto.campaign.v1.GetCampaignRequest;
import io.rapport.proto.campaign.v1.GetCampaignResponse;
import io.rapport.proto.campaign.v1.GetJourneyReportRequest;
import io.rapport.proto.campaign.v1.GetJourneyReportResponse;
import io.rapport.proto.campaign.v1.GetJourneyRequest;
import io.rapport.proto.campaign.v1.GetJourneyResponse;
import io.rapport.proto.campaign.v1.GetSegmentRequest;
import io.rapport.proto.campaign.v1.GetSegmentResponse;
import io.rapport.proto.campaign.v1.Journey;
import io.rapport.proto.campaign.v1.JourneyRun;
import io.rapport.proto.campaign.v1.ListCampaignsRequest;
import io.rapport.proto.campaign.v1.ListCampaignsResponse;
import io.rapport.proto.campaign.v1.ListJourneyRunsRequest;
import io.rapport.proto.campaign.v1.ListJourneyRunsResponse;
import io.rapport.proto.campaign.v1.ListJourneysRequest;
import io.rapport.proto.campaign.v1.ListJourneysResponse;
import io.rapport.proto.campaign.v1.ListSegmentMembersRequest;
import io.rapport.proto.campaign.v1.ListSegmentMembersResponse;
import io.rapport.proto.campaign.v1.ListSegmentsRequest;
import io.rapport.proto.campaign.v1.ListSegmentsResponse;
import io.rapport.proto.campaign.v1.PreviewCampaignRequest;
import io.rapport.proto.campaign.v1.PreviewCampaignResponse;
import io.rapport.proto.campaign.v1.PreviewJourneyStepRequest;
import io.rapport.proto.campaign.v1.PreviewJourneyStepResponse;
import io.rapport.proto.campaign.v1.ScheduleCampaignRequest;
import io.rapport.proto.campaign.v1.ScheduleCampaignResponse;
import io.rapport.proto.campaign.v1.Segment;
import io.rapport.proto.campaign.v1.StopJourneyRequest;
import io.rapport.proto.campaign.v1.StopJourneyResponse;
import io.rapport.proto.campaign.v1.UpdateCampaignRequest;
import io.rapport.proto.campaign.v1.UpdateCampaignResponse;
import io.rapport.proto.campaign.v1.UpdateJourneyRequest;
import io.rapport.proto.campaign.v1.UpdateJourneyResponse;
import io.rapport.proto.campaign.v1.UpdateSegmentRequest;
import io.rapport.proto.campaign.v1.UpdateSegmentResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

/** The campaign service's gRPC face: validates and translates, then sends commands and queries. */
@Service
public class CampaignGrpcService extends CampaignServiceGrpc.CampaignServiceImplBase {

    private static final long TIMEOUT_SECONDS = 30;
    private static final Pattern ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._:@+-]{1,128}");
    private static final int MAX_NAME = 200;
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 200;
    private static final int DEFAULT_SAMPLE = 20;
    private static final int DEFAULT_MEMBERS_PAGE = 100;
    private static final int MAX_MEMBERS_PAGE = 1_000;
    private static final int MAX_SAMPLE = 1_000;
    /** The most customers a quick preview of a rule may look at (the relationship stream stops one later). */
    private static final long MAX_PREVIEWED = 1_000_000;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final SegmentEvaluation evaluation;
    private final SegmentMembers members;
    private final CampaignReports campaignReports;
    private final JourneyReports journeyReports;
    private final Previews previews;

    public CampaignGrpcService(CommandGateway commands, QueryGateway queries, SegmentEvaluation evaluation,
                               SegmentMembers members, CampaignReports campaignReports, JourneyReports journeyReports,
                               Previews previews) {
        this.campaignReports = campaignReports;
        this.journeyReports = journeyReports;
        this.previews = previews;
        this.commands = commands;
        this.queries = queries;
        this.evaluation = evaluation;
        this.members = members;
    }

    @Override
    public void createSegment(CreateSegmentRequest request, StreamObserver<CreateSegmentResponse> response) {
        String tenant = Tenancy.currentTenant();
        String segmentId = request.getSegmentId().isEmpty() ? UUID.randomUUID().toString() : request.getSegmentId();
        if (!ID.matcher(segmentId).matches()) {
            throw RequestRejectedException.invalid("segmentId: 1 to 128 letters, digits or . _ : @ + -");
        }
        name(request.getName(), true);
        rule(request.getRule());
        refuseTakenId(tenant, segmentId);
        commands.sendAndWait(new DefineSegmentCommand(WorkspaceIds.of(tenant, segmentId), tenant, request.getName(),
                request.getRule()), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(CreateSegmentResponse.newBuilder().setSegment(segment(find(tenant, segmentId))).build());
        response.onCompleted();
    }

    @Override
    public void updateSegment(UpdateSegmentRequest request, StreamObserver<UpdateSegmentResponse> response) {
        String tenant = Tenancy.currentTenant();
        find(tenant, request.getSegmentId());
        name(request.getName(), false);
        if (!request.getRule().isEmpty()) {
            rule(request.getRule());
        }
        commands.sendAndWait(new ChangeSegmentCommand(WorkspaceIds.of(tenant, request.getSegmentId()),
                request.getName().isEmpty() ? null : request.getName(),
                request.getRule().isEmpty() ? null : request.getRule()), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(UpdateSegmentResponse.newBuilder().setSegment(segment(find(tenant, request.getSegmentId())))
                .build());
        response.onCompleted();
    }

    @Override
    public void getSegment(GetSegmentRequest request, StreamObserver<GetSegmentResponse> response) {
        response.onNext(GetSegmentResponse.newBuilder()
                .setSegment(segment(find(Tenancy.currentTenant(), request.getSegmentId()))).build());
        response.onCompleted();
    }

    @Override
    public void listSegments(ListSegmentsRequest request, StreamObserver<ListSegmentsResponse> response) {
        int size = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : request.getPageSize();
        if (size < 0 || size > MAX_PAGE_SIZE) {
            throw RequestRejectedException.invalid("limit: 1 to " + MAX_PAGE_SIZE);
        }
        SegmentPage page = queries.query(new ListSegmentsQuery(Tenancy.currentTenant(), size,
                        request.getPageToken().isEmpty() ? null : request.getPageToken()), SegmentPage.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        ListSegmentsResponse.Builder reply = ListSegmentsResponse.newBuilder();
        page.segments().forEach(view -> reply.addSegments(segment(view)));
        if (page.next() != null) {
            reply.setNextPageToken(page.next());
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void listSegmentMembers(ListSegmentMembersRequest request,
                                   StreamObserver<ListSegmentMembersResponse> response) {
        String tenant = Tenancy.currentTenant();
        find(tenant, request.getSegmentId());
        int size = request.getPageSize() == 0 ? DEFAULT_MEMBERS_PAGE : request.getPageSize();
        if (size < 0 || size > MAX_MEMBERS_PAGE) {
            throw RequestRejectedException.invalid("limit: 1 to " + MAX_MEMBERS_PAGE);
        }
        String segmentId = WorkspaceIds.of(tenant, request.getSegmentId());
        List<String> page = members.page(segmentId, request.getPageToken().isEmpty() ? null : request.getPageToken(),
                size + 1);
        ListSegmentMembersResponse.Builder reply = ListSegmentMembersResponse.newBuilder()
                .addAllCustomerIds(page.subList(0, Math.min(size, page.size())))
                .setMemberCount(members.count(segmentId));
        if (page.size() > size) {
            reply.setNextPageToken(page.get(size - 1));
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void evaluateSegment(EvaluateSegmentRequest request, StreamObserver<EvaluateSegmentResponse> response) {
        String tenant = Tenancy.currentTenant();
        String rule = switch (request.getTargetCase()) {
            case SEGMENT_ID -> find(tenant, request.getSegmentId()).rule();
            case RULE -> request.getRule();
            default -> throw RequestRejectedException.invalid("id or rule: one is required");
        };
        int sampleSize = request.hasSampleSize() ? request.getSampleSize() : DEFAULT_SAMPLE;
        if (sampleSize < 0 || sampleSize > MAX_SAMPLE) {
            throw RequestRejectedException.invalid("sample: 0 to " + MAX_SAMPLE);
        }
        long maxCustomers = request.hasMaxCustomers() ? request.getMaxCustomers() : Long.MAX_VALUE;
        if (request.hasMaxCustomers() && (maxCustomers < 1 || maxCustomers > MAX_PREVIEWED)) {
            throw RequestRejectedException.invalid("maxCustomers: 1 to " + MAX_PREVIEWED + ", got " + maxCustomers);
        }
        rule(rule);
        SegmentEvaluation.Result result = evaluation.evaluate(tenant, SegmentRule.parse(rule), sampleSize, maxCustomers);
        response.onNext(EvaluateSegmentResponse.newBuilder().setMembers(result.members())
                .setCustomers(result.customers()).addAllSampleCustomerIds(result.sample())
                .setSeconds(result.took().toNanos() / 1e9).setComplete(result.complete()).build());
        response.onCompleted();
    }

    @Override
    public void createCampaign(CreateCampaignRequest request, StreamObserver<CreateCampaignResponse> response) {
        String tenant = Tenancy.currentTenant();
        String campaignId = newId(request.getCampaignId(), "campaignId");
        CampaignDefinition definition = campaignDefinition(tenant, request.getDefinition());
        refuseTakenId(tenant, campaignId);
        commands.sendAndWait(new CreateCampaignCommand(WorkspaceIds.of(tenant, campaignId), tenant, definition),
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(CreateCampaignResponse.newBuilder().setCampaign(campaign(findCampaign(tenant, campaignId)))
                .build());
        response.onCompleted();
    }

    @Override
    public void updateCampaign(UpdateCampaignRequest request, StreamObserver<UpdateCampaignResponse> response) {
        String tenant = Tenancy.currentTenant();
        findCampaign(tenant, request.getCampaignId());
        CampaignDefinition definition = campaignDefinition(tenant, request.getDefinition());
        commands.sendAndWait(new UpdateCampaignCommand(WorkspaceIds.of(tenant, request.getCampaignId()), definition),
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(UpdateCampaignResponse.newBuilder()
                .setCampaign(campaign(findCampaign(tenant, request.getCampaignId()))).build());
        response.onCompleted();
    }

    @Override
    public void scheduleCampaign(ScheduleCampaignRequest request, StreamObserver<ScheduleCampaignResponse> response) {
        String tenant = Tenancy.currentTenant();
        findCampaign(tenant, request.getCampaignId());
        commands.sendAndWait(new ScheduleCampaignCommand(WorkspaceIds.of(tenant, request.getCampaignId())),
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(ScheduleCampaignResponse.newBuilder()
                .setCampaign(campaign(findCampaign(tenant, request.getCampaignId()))).build());
        response.onCompleted();
    }

    @Override
    public void cancelCampaign(CancelCampaignRequest request, StreamObserver<CancelCampaignResponse> response) {
        String tenant = Tenancy.currentTenant();
        findCampaign(tenant, request.getCampaignId());
        if (request.getReason().length() > MAX_NAME) {
            throw RequestRejectedException.invalid("reason: at most " + MAX_NAME + " characters");
        }
        commands.sendAndWait(new CancelCampaignCommand(WorkspaceIds.of(tenant, request.getCampaignId()),
                request.getReason().isEmpty() ? "cancelled" : request.getReason()), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(CancelCampaignResponse.newBuilder()
                .setCampaign(campaign(findCampaign(tenant, request.getCampaignId()))).build());
        response.onCompleted();
    }

    @Override
    public void getCampaign(GetCampaignRequest request, StreamObserver<GetCampaignResponse> response) {
        response.onNext(GetCampaignResponse.newBuilder()
                .setCampaign(campaign(findCampaign(Tenancy.currentTenant(), request.getCampaignId()))).build());
        response.onCompleted();
    }

    @Override
    public void listCampaigns(ListCampaignsRequest request, StreamObserver<ListCampaignsResponse> response) {
        CampaignPage page = queries.query(new ListCampaignsQuery(Tenancy.currentTenant(),
                pageSize(request.getPageSize()), request.getPageToken().isEmpty() ? null : request.getPageToken()),
                CampaignPage.class).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        ListCampaignsResponse.Builder reply = ListCampaignsResponse.newBuilder();
        page.campaigns().forEach(view -> reply.addCampaigns(campaign(view)));
        if (page.next() != null) {
            reply.setNextPageToken(page.next());
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void previewCampaign(PreviewCampaignRequest request, StreamObserver<PreviewCampaignResponse> response) {
        CampaignView campaign = findCampaign(Tenancy.currentTenant(), request.getCampaignId());
        customerId(request.getCustomerId());
        response.onNext(PreviewCampaignResponse.newBuilder().setPreview(previews.campaign(campaign,
                request.getCustomerId(), request.getVariantId().isEmpty() ? null : request.getVariantId())).build());
        response.onCompleted();
    }

    @Override
    public void getCampaignReport(GetCampaignReportRequest request,
                                  StreamObserver<GetCampaignReportResponse> response) {
        CampaignView campaign = findCampaign(Tenancy.currentTenant(), request.getCampaignId());
        response.onNext(GetCampaignReportResponse.newBuilder().setReport(campaignReports.report(campaign)).build());
        response.onCompleted();
    }

    @Override
    public void createJourney(CreateJourneyRequest request, StreamObserver<CreateJourneyResponse> response) {
        String tenant = Tenancy.currentTenant();
        String journeyId = newId(request.getJourneyId(), "journeyId");
        JourneyDefinition definition = journeyDefinition(tenant, request.getDefinition());
        refuseTakenId(tenant, journeyId);
        commands.sendAndWait(new CreateJourneyCommand(WorkspaceIds.of(tenant, journeyId), tenant, definition),
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(CreateJourneyResponse.newBuilder().setJourney(journey(findJourney(tenant, journeyId))).build());
        response.onCompleted();
    }

    @Override
    public void updateJourney(UpdateJourneyRequest request, StreamObserver<UpdateJourneyResponse> response) {
        String tenant = Tenancy.currentTenant();
        findJourney(tenant, request.getJourneyId());
        JourneyDefinition definition = journeyDefinition(tenant, request.getDefinition());
        commands.sendAndWait(new UpdateJourneyCommand(WorkspaceIds.of(tenant, request.getJourneyId()), definition),
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(UpdateJourneyResponse.newBuilder()
                .setJourney(journey(findJourney(tenant, request.getJourneyId()))).build());
        response.onCompleted();
    }

    @Override
    public void activateJourney(ActivateJourneyRequest request, StreamObserver<ActivateJourneyResponse> response) {
        String tenant = Tenancy.currentTenant();
        findJourney(tenant, request.getJourneyId());
        commands.sendAndWait(new ActivateJourneyCommand(WorkspaceIds.of(tenant, request.getJourneyId())),
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(ActivateJourneyResponse.newBuilder()
                .setJourney(journey(findJourney(tenant, request.getJourneyId()))).build());
        response.onCompleted();
    }

    @Override
    public void stopJourney(StopJourneyRequest request, StreamObserver<StopJourneyResponse> response) {
        String tenant = Tenancy.currentTenant();
        findJourney(tenant, request.getJourneyId());
        commands.sendAndWait(new StopJourneyCommand(WorkspaceIds.of(tenant, request.getJourneyId())),
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(StopJourneyResponse.newBuilder()
                .setJourney(journey(findJourney(tenant, request.getJourneyId()))).build());
        response.onCompleted();
    }

    @Override
    public void getJourney(GetJourneyRequest request, StreamObserver<GetJourneyResponse> response) {
        response.onNext(GetJourneyResponse.newBuilder()
                .setJourney(journey(findJourney(Tenancy.currentTenant(), request.getJourneyId()))).build());
        response.onCompleted();
    }

    @Override
    public void listJourneys(ListJourneysRequest request, StreamObserver<ListJourneysResponse> response) {
        JourneyPage page = queries.query(new ListJourneysQuery(Tenancy.currentTenant(),
                pageSize(request.getPageSize()), request.getPageToken().isEmpty() ? null : request.getPageToken()),
                JourneyPage.class).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        ListJourneysResponse.Builder reply = ListJourneysResponse.newBuilder();
        page.journeys().forEach(view -> reply.addJourneys(journey(view)));
        if (page.next() != null) {
            reply.setNextPageToken(page.next());
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void listJourneyRuns(ListJourneyRunsRequest request, StreamObserver<ListJourneyRunsResponse> response) {
        JourneyView journey = findJourney(Tenancy.currentTenant(), request.getJourneyId());
        int size = request.getPageSize() == 0 ? DEFAULT_MEMBERS_PAGE : request.getPageSize();
        if (size < 0 || size > MAX_MEMBERS_PAGE) {
            throw RequestRejectedException.invalid("limit: 1 to " + MAX_MEMBERS_PAGE);
        }
        List<JourneyRun> runs = journeyReports.runs(journey, request.getCustomerId().isEmpty() ? null
                : request.getCustomerId(), request.getPageToken().isEmpty() ? null : request.getPageToken(), size + 1);
        ListJourneyRunsResponse.Builder reply = ListJourneyRunsResponse.newBuilder()
                .addAllRuns(runs.subList(0, Math.min(size, runs.size())));
        if (runs.size() > size) {
            reply.setNextPageToken(JourneyReports.token(runs.get(size - 1)));
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void previewJourneyStep(PreviewJourneyStepRequest request,
                                   StreamObserver<PreviewJourneyStepResponse> response) {
        JourneyView journey = findJourney(Tenancy.currentTenant(), request.getJourneyId());
        customerId(request.getCustomerId());
        response.onNext(PreviewJourneyStepResponse.newBuilder()
                .setPreview(previews.journeyStep(journey, request.getStepId(), request.getCustomerId())).build());
        response.onCompleted();
    }

    @Override
    public void getJourneyReport(GetJourneyReportRequest request, StreamObserver<GetJourneyReportResponse> response) {
        JourneyView journey = findJourney(Tenancy.currentTenant(), request.getJourneyId());
        response.onNext(GetJourneyReportResponse.newBuilder().setReport(journeyReports.report(journey)).build());
        response.onCompleted();
    }

    private static String newId(String given, String field) {
        String id = given.isEmpty() ? UUID.randomUUID().toString() : given;
        if (!ID.matcher(id).matches()) {
            throw RequestRejectedException.invalid(field + ": 1 to 128 letters, digits or . _ : @ + -");
        }
        return id;
    }

    private static void customerId(String customerId) {
        if (!ID.matcher(customerId).matches()) {
            throw RequestRejectedException.invalid("customerId: 1 to 128 letters, digits or . _ : @ + -");
        }
    }

    private static int pageSize(int requested) {
        int size = requested == 0 ? DEFAULT_PAGE_SIZE : requested;
        if (size < 0 || size > MAX_PAGE_SIZE) {
            throw RequestRejectedException.invalid("limit: 1 to " + MAX_PAGE_SIZE);
        }
        return size;
    }

    private CampaignDefinition campaignDefinition(String tenant,
                                                  io.rapport.proto.campaign.v1.CampaignDefinition proto) {
        List<String> problems = new ArrayList<>();
        CampaignDefinition definition = DefinitionMapping.campaign(proto, problems);
        if (!proto.getSegmentId().isEmpty() && !segmentExists(tenant, proto.getSegmentId())) {
            problems.add("definition.segmentId: no segment '" + proto.getSegmentId() + "' in this workspace");
        }
        if (!problems.isEmpty()) {
            throw RequestRejectedException.invalid(String.join("; ", problems));
        }
        return definition;
    }

    private JourneyDefinition journeyDefinition(String tenant, io.rapport.proto.campaign.v1.JourneyDefinition proto) {
        List<String> problems = new ArrayList<>();
        JourneyDefinition definition = DefinitionMapping.journey(proto, problems);
        String segment = definition.entry().segmentId();
        if (segment != null && !segmentExists(tenant, segment)) {
            problems.add("definition.entry.segmentId: no segment '" + segment + "' in this workspace");
        }
        if (!problems.isEmpty()) {
            throw RequestRejectedException.invalid(String.join("; ", problems));
        }
        return definition;
    }

    /**
     * Segments, campaigns and journeys of a workspace share one id space (their aggregates live in one store): an id
     * one of them holds is refused for the others, saying which holds it.
     */
    private void refuseTakenId(String tenant, String id) {
        String holder = segmentExists(tenant, id) ? "a segment"
                : query(new FindCampaignQuery(WorkspaceIds.of(tenant, id)), CampaignView.class) != null ? "a campaign"
                : query(new FindJourneyQuery(WorkspaceIds.of(tenant, id)), JourneyView.class) != null ? "a journey"
                : null;
        if (holder != null) {
            throw RequestRejectedException.alreadyExists("the id '" + id + "' is taken by " + holder
                    + " of this workspace: segments, campaigns and journeys need distinct ids");
        }
    }

    private <T> T query(Object query, Class<T> type) {
        return queries.query(query, type).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    }

    private boolean segmentExists(String tenant, String segmentId) {
        return ID.matcher(segmentId).matches() && queries.query(new FindSegmentQuery(WorkspaceIds.of(tenant,
                segmentId)), SegmentView.class).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join() != null;
    }

    private CampaignView findCampaign(String tenant, String campaignId) {
        CampaignView view = campaignId.isEmpty() ? null : queries.query(
                new FindCampaignQuery(WorkspaceIds.of(tenant, campaignId)), CampaignView.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (view == null) {
            throw RequestRejectedException.notFound("no campaign '" + campaignId + "' in this workspace");
        }
        return view;
    }

    private JourneyView findJourney(String tenant, String journeyId) {
        JourneyView view = journeyId.isEmpty() ? null : queries.query(
                new FindJourneyQuery(WorkspaceIds.of(tenant, journeyId)), JourneyView.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (view == null) {
            throw RequestRejectedException.notFound("no journey '" + journeyId + "' in this workspace");
        }
        return view;
    }

    private static Campaign campaign(CampaignView view) {
        Campaign.Builder campaign = Campaign.newBuilder().setCampaignId(view.campaignId())
                .setDefinition(DefinitionMapping.campaign(view.definition())).setStatus(view.status())
                .setCreateTime(ProtoTime.timestamp(view.createdAt())).setUpdateTime(ProtoTime.timestamp(view.updatedAt()))
                .setRevision(view.revision());
        if (view.startedAt() != null) {
            campaign.setStartTime(ProtoTime.timestamp(view.startedAt()));
        }
        if (view.endedAt() != null) {
            campaign.setEndTime(ProtoTime.timestamp(view.endedAt()));
        }
        if (view.audience() != null) {
            campaign.setAudience(view.audience()).setControl(view.control())
                    .setAudienceSeconds(view.audienceSeconds());
        }
        if (view.cancelReason() != null) {
            campaign.setCancelReason(view.cancelReason());
        }
        return campaign.build();
    }

    private static Journey journey(JourneyView view) {
        Journey.Builder journey = Journey.newBuilder().setJourneyId(view.journeyId())
                .setDefinition(DefinitionMapping.journey(view.definition())).setStatus(view.status())
                .setCreateTime(ProtoTime.timestamp(view.createdAt())).setUpdateTime(ProtoTime.timestamp(view.updatedAt()))
                .setRevision(view.revision());
        if (view.activatedAt() != null) {
            journey.setActivateTime(ProtoTime.timestamp(view.activatedAt()));
        }
        return journey.build();
    }

    private SegmentView find(String tenant, String segmentId) {
        SegmentView view = segmentId.isEmpty() ? null : queries.query(
                new FindSegmentQuery(WorkspaceIds.of(tenant, segmentId)), SegmentView.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (view == null) {
            throw RequestRejectedException.notFound("no segment '" + segmentId + "' in this workspace");
        }
        return view;
    }

    private static void name(String name, boolean required) {
        if (required && name.isBlank()) {
            throw RequestRejectedException.invalid("name: required");
        }
        if (name.length() > MAX_NAME) {
            throw RequestRejectedException.invalid("name: at most " + MAX_NAME + " characters");
        }
    }

    private static void rule(String rule) {
        try {
            SegmentRule.parse(rule);
        } catch (RuleSyntaxException e) {
            throw RequestRejectedException.invalid("rule: " + e.getMessage());
        }
    }

    private Segment segment(SegmentView view) {
        return Segment.newBuilder().setMemberCount(members.count(WorkspaceIds.of(Tenancy.currentTenant(),
                        view.segmentId()))).setSegmentId(view.segmentId()).setName(view.name()).setRule(view.rule())
                .addAllAttributes(view.attributes()).setCreateTime(ProtoTime.timestamp(view.createdAt()))
                .setUpdateTime(ProtoTime.timestamp(view.updatedAt())).setRevision(view.revision()).build();
    }
}
