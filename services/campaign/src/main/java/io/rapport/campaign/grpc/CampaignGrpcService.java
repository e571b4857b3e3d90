package io.rapport.campaign.grpc;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.grpc.stub.StreamObserver;
import io.rapport.campaign.api.ChangeSegmentCommand;
import io.rapport.campaign.api.DefineSegmentCommand;
import io.rapport.campaign.api.FindSegmentQuery;
import io.rapport.campaign.api.ListSegmentsQuery;
import io.rapport.campaign.api.SegmentIds;
import io.rapport.campaign.api.SegmentPage;
import io.rapport.campaign.api.SegmentView;
import io.rapport.campaign.membership.SegmentEvaluation;
import io.rapport.campaign.membership.SegmentMembers;
import io.rapport.campaign.rules.RuleSyntaxException;
import io.rapport.campaign.rules.SegmentRule;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.campaign.v1.CampaignServiceGrpc;
import io.rapport.proto.campaign.v1.CreateSegmentRequest;
import io.rapport.proto.campaign.v1.CreateSegmentResponse;
import io.rapport.proto.campaign.v1.EvaluateSegmentRequest;
import io.rapport.proto.campaign.v1.EvaluateSegmentResponse;
import io.rapport.proto.campaign.v1.GetSegmentRequest;
import io.rapport.proto.campaign.v1.GetSegmentResponse;
import io.rapport.proto.campaign.v1.ListSegmentMembersRequest;
import io.rapport.proto.campaign.v1.ListSegmentMembersResponse;
import io.rapport.proto.campaign.v1.ListSegmentsRequest;
import io.rapport.proto.campaign.v1.ListSegmentsResponse;
import io.rapport.proto.campaign.v1.Segment;
import io.rapport.proto.campaign.v1.UpdateSegmentRequest;
import io.rapport.proto.campaign.v1.UpdateSegmentResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

/** The campaign service's gRPC face: validates and translates, then sends commands and queries. */
@Service
public class CampaignGrpcService extends CampaignServiceGrpc.CampaignServiceImplBase {

    private static final long TIMEOUT_SECONDS = 30;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@+-]{1,128}");
    private static final int MAX_NAME = 200;
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 200;
    private static final int DEFAULT_SAMPLE = 20;
    private static final int DEFAULT_MEMBERS_PAGE = 100;
    private static final int MAX_MEMBERS_PAGE = 1_000;
    private static final int MAX_SAMPLE = 1_000;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final SegmentEvaluation evaluation;
    private final SegmentMembers members;

    public CampaignGrpcService(CommandGateway commands, QueryGateway queries, SegmentEvaluation evaluation,
                               SegmentMembers members) {
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
            throw RequestRejectedException.invalid("segment_id: 1 to 128 letters, digits or . _ : @ + -");
        }
        name(request.getName(), true);
        rule(request.getRule());
        commands.sendAndWait(new DefineSegmentCommand(SegmentIds.of(tenant, segmentId), tenant, request.getName(),
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
        commands.sendAndWait(new ChangeSegmentCommand(SegmentIds.of(tenant, request.getSegmentId()),
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
            throw RequestRejectedException.invalid("page_size: 1 to " + MAX_PAGE_SIZE);
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
            throw RequestRejectedException.invalid("page_size: 1 to " + MAX_MEMBERS_PAGE);
        }
        String segmentId = SegmentIds.of(tenant, request.getSegmentId());
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
            default -> throw RequestRejectedException.invalid("segment_id or rule: one is required");
        };
        int sampleSize = request.hasSampleSize() ? request.getSampleSize() : DEFAULT_SAMPLE;
        if (sampleSize < 0 || sampleSize > MAX_SAMPLE) {
            throw RequestRejectedException.invalid("sample_size: 0 to " + MAX_SAMPLE);
        }
        rule(rule);
        SegmentEvaluation.Result result = evaluation.evaluate(tenant, SegmentRule.parse(rule), sampleSize);
        response.onNext(EvaluateSegmentResponse.newBuilder().setMembers(result.members())
                .setCustomers(result.customers()).addAllSampleCustomerIds(result.sample())
                .setSeconds(result.took().toNanos() / 1e9).build());
        response.onCompleted();
    }

    private SegmentView find(String tenant, String segmentId) {
        SegmentView view = segmentId.isEmpty() ? null : queries.query(
                new FindSegmentQuery(SegmentIds.of(tenant, segmentId)), SegmentView.class)
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
        return Segment.newBuilder().setMemberCount(members.count(SegmentIds.of(Tenancy.currentTenant(),
                        view.segmentId()))).setSegmentId(view.segmentId()).setName(view.name()).setRule(view.rule())
                .addAllAttributes(view.attributes()).setCreateTime(ProtoTime.timestamp(view.createdAt()))
                .setUpdateTime(ProtoTime.timestamp(view.updatedAt())).setRevision(view.revision()).build();
    }
}
