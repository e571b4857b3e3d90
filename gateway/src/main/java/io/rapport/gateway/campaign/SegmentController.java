package io.rapport.gateway.campaign;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.campaign.v1.CreateSegmentRequest;
import io.rapport.proto.campaign.v1.GetSegmentRequest;
import io.rapport.proto.campaign.v1.ListSegmentsRequest;
import io.rapport.proto.campaign.v1.ListSegmentsResponse;
import io.rapport.proto.campaign.v1.Segment;
import io.rapport.proto.campaign.v1.UpdateSegmentRequest;
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
@RestController
public class SegmentController {

    /** {@code id} optional (generated when absent). */
    record SegmentBody(String id, String name, String rule) {
    }

    record SegmentJson(String id, String name, String rule, List<String> attributes, Instant createdAt,
                       Instant updatedAt, long revision) {
    }

    record Page(List<SegmentJson> items, String nextCursor) {
    }

    private final CampaignClient campaigns;

    public SegmentController(CampaignClient campaigns) {
        this.campaigns = campaigns;
    }

    @PostMapping("/v1/segments")
    ResponseEntity<SegmentJson> create(@RequestBody SegmentBody body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        if (body.name() == null || body.name().isBlank()) {
            errors.add("name: required");
        }
        if (body.rule() == null || body.rule().isBlank()) {
            errors.add("rule: required, e.g. churn_risk >= 0.7 and consent.email");
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        CreateSegmentRequest.Builder grpc = CreateSegmentRequest.newBuilder().setName(body.name()).setRule(body.rule());
        if (body.id() != null) {
            grpc.setSegmentId(body.id());
        }
        SegmentJson created = json(campaigns.forWorkspace(Workspace.of(request)).createSegment(grpc.build())
                .getSegment());
        return ResponseEntity.created(URI.create("/v1/segments/" + created.id())).body(created);
    }

    @GetMapping("/v1/segments")
    Page list(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
              HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        ListSegmentsRequest.Builder grpc = ListSegmentsRequest.newBuilder();
        RequestValues.integer(limit, "limit", 1, 200, errors).ifPresent(grpc::setPageSize);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        if (cursor != null) {
            grpc.setPageToken(cursor);
        }
        ListSegmentsResponse page = campaigns.forWorkspace(Workspace.of(request)).listSegments(grpc.build());
        return new Page(page.getSegmentsList().stream().map(SegmentController::json).toList(),
                page.getNextPageToken().isEmpty() ? null : page.getNextPageToken());
    }

    @GetMapping("/v1/segments/{id}")
    SegmentJson get(@PathVariable String id, HttpServletRequest request) {
        return json(campaigns.forWorkspace(Workspace.of(request))
                .getSegment(GetSegmentRequest.newBuilder().setSegmentId(id).build()).getSegment());
    }

    /** {@code name} and/or {@code rule}. */
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

    private static SegmentJson json(Segment segment) {
        return new SegmentJson(segment.getSegmentId(), segment.getName(), segment.getRule(),
                segment.getAttributesList(), RequestValues.instant(segment.getCreateTime()),
                RequestValues.instant(segment.getUpdateTime()), segment.getRevision());
    }
}
