package io.rapport.gateway.campaign;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.campaign.v1.CreateSegmentRequest;
import io.rapport.proto.campaign.v1.EvaluateSegmentRequest;
import io.rapport.proto.campaign.v1.EvaluateSegmentResponse;
import io.rapport.proto.campaign.v1.GetSegmentRequest;
import io.rapport.proto.campaign.v1.ListSegmentMembersRequest;
import io.rapport.proto.campaign.v1.ListSegmentMembersResponse;
import io.rapport.proto.campaign.v1.ListSegmentsRequest;
import io.rapport.proto.campaign.v1.ListSegmentsResponse;
import io.rapport.proto.campaign.v1.Segment;
import io.rapport.proto.campaign.v1.UpdateSegmentRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Segments: who belongs, as a rule over relationship attributes (the language is in the README). */
@Tag(name = "Segments", description = "Rules over relationship attributes; membership kept current per event.")
@RestController
public class SegmentController {

    /** {@code id} optional (generated when absent). */
    record SegmentBody(String id, String name, String rule) {
    }

    record SegmentJson(String id, String name, String rule, List<String> attributes, long memberCount,
                       Instant createdAt, Instant updatedAt, long revision) {
    }

    record SegmentMembers(long memberCount, List<String> items, String nextCursor) {
    }

    record SegmentPage(List<SegmentJson> items, String nextCursor) {
    }

    /** {@code complete}: every customer was looked at (not only the first {@code maxCustomers}). */
    record Evaluation(long members, long customers, List<String> sample, double seconds, boolean complete) {
    }

    private static final Duration EVALUATION_DEADLINE = Duration.ofMinutes(10);

    private final CampaignClient campaigns;

    public SegmentController(CampaignClient campaigns) {
        this.campaigns = campaigns;
    }

    @Operation(operationId = "createSegment", summary = "Create a segment from a rule")
    @RestDoc(status = "201")
    @PostMapping("/v1/segments")
    ResponseEntity<SegmentJson> create(@RequestBody SegmentBody body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        if (body.name() == null || body.name().isBlank()) {
            errors.add("name: required");
        }
        if (body.rule() == null || body.rule().isBlank()) {
            errors.add("rule: required, e.g. churn_risk >= 0.7 and consent.email");
        }
        InvalidRequestException.throwIfAny(errors);
        CreateSegmentRequest.Builder grpc = CreateSegmentRequest.newBuilder().setName(body.name()).setRule(body.rule());
        if (body.id() != null) {
            grpc.setSegmentId(body.id());
        }
        SegmentJson created = json(campaigns.forWorkspace(Workspace.of(request)).createSegment(grpc.build())
                .getSegment());
        return ResponseEntity.created(URI.create("/v1/segments/" + created.id())).body(created);
    }

    @Operation(operationId = "listSegments", summary = "List segments")
    @GetMapping("/v1/segments")
    SegmentPage list(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
              HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        ListSegmentsRequest.Builder grpc = ListSegmentsRequest.newBuilder();
        RequestValues.page(limit, cursor, 200, errors, grpc::setPageSize, grpc::setPageToken);
        InvalidRequestException.throwIfAny(errors);
        ListSegmentsResponse page = campaigns.forWorkspace(Workspace.of(request)).listSegments(grpc.build());
        return new SegmentPage(page.getSegmentsList().stream().map(SegmentController::json).toList(),
                RequestValues.nextCursor(page.getNextPageToken()));
    }

    @Operation(operationId = "getSegment", summary = "Get a segment")
    @GetMapping("/v1/segments/{id}")
    SegmentJson get(@PathVariable String id, HttpServletRequest request) {
        return json(campaigns.forWorkspace(Workspace.of(request))
                .getSegment(GetSegmentRequest.newBuilder().setSegmentId(id).build()).getSegment());
    }

    /** {@code name} and/or {@code rule}. */
    @Operation(operationId = "updateSegment", summary = "Rename a segment or change its rule")
    @PatchMapping("/v1/segments/{id}")
    SegmentJson update(@PathVariable String id, @RequestBody SegmentBody body, HttpServletRequest request) {
        if (body.name() == null && body.rule() == null) {
            throw new InvalidRequestException(List.of("name or rule: at least one is required"));
        }
        UpdateSegmentRequest.Builder grpc = UpdateSegmentRequest.newBuilder().setSegmentId(id);
        if (body.name() != null) {
            grpc.setName(body.name());
        }
        if (body.rule() != null) {
            grpc.setRule(body.rule());
        }
        return json(campaigns.forWorkspace(Workspace.of(request)).updateSegment(grpc.build()).getSegment());
    }

    /** The segment's members now (kept current from every change), by customer id. */
    @Operation(operationId = "listSegmentMembers", summary = "Page through a segment's members")
    @GetMapping("/v1/segments/{id}/members")
    SegmentMembers members(@PathVariable String id, @RequestParam(required = false) String limit,
                    @RequestParam(required = false) String cursor, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        ListSegmentMembersRequest.Builder grpc = ListSegmentMembersRequest.newBuilder().setSegmentId(id);
        RequestValues.page(limit, cursor, 1_000, errors, grpc::setPageSize, grpc::setPageToken);
        InvalidRequestException.throwIfAny(errors);
        ListSegmentMembersResponse page = campaigns.forWorkspace(Workspace.of(request)).listSegmentMembers(grpc.build());
        return new SegmentMembers(page.getMemberCount(), page.getCustomerIdsList(),
                RequestValues.nextCursor(page.getNextPageToken()));
    }

    /**
     * Who a rule selects at this moment, worked out over every current customer: {@code {"id"}} for a saved segment,
     * {@code {"rule"}} to try one before saving it; {@code ?sample=}; {@code ?maxCustomers=} to look at only the
     * first that many customers by id (a quick preview while a rule is written).
     */
    @Operation(operationId = "evaluateSegment", summary = "Count who a rule or segment selects now")
    @PostMapping("/v1/segments/evaluations")
    Evaluation evaluate(@RequestBody SegmentBody body, @RequestParam(required = false) String sample,
                        @RequestParam(required = false) String maxCustomers, HttpServletRequest request) {
        EvaluateSegmentRequest.Builder grpc = EvaluateSegmentRequest.newBuilder();
        if (body.rule() != null && !body.rule().isBlank()) {
            grpc.setRule(body.rule());
        } else if (body.id() != null) {
            grpc.setSegmentId(body.id());
        } else {
            throw new InvalidRequestException(List.of("rule or id: one is required"));
        }
        return evaluate(grpc, sample, maxCustomers, request);
    }

    private Evaluation evaluate(EvaluateSegmentRequest.Builder grpc, String sample, String maxCustomers,
                                HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        RequestValues.integer(sample, "sample", 0, 1_000, errors).ifPresent(grpc::setSampleSize);
        RequestValues.integer(maxCustomers, "maxCustomers", 1, 1_000_000, errors).ifPresent(grpc::setMaxCustomers);
        InvalidRequestException.throwIfAny(errors);
        EvaluateSegmentResponse result = campaigns.forWorkspace(Workspace.of(request), EVALUATION_DEADLINE)
                .evaluateSegment(grpc.build());
        return new Evaluation(result.getMembers(), result.getCustomers(), result.getSampleCustomerIdsList(),
                result.getSeconds(), result.getComplete());
    }

    private static SegmentJson json(Segment segment) {
        return new SegmentJson(segment.getSegmentId(), segment.getName(), segment.getRule(),
                segment.getAttributesList(), segment.getMemberCount(), RequestValues.instant(segment.getCreateTime()),
                RequestValues.instant(segment.getUpdateTime()), segment.getRevision());
    }
}
