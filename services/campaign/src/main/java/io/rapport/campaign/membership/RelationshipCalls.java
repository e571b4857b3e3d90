package io.rapport.campaign.membership;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.GetTimelineRequest;
import io.rapport.proto.relationship.v1.GetTimelineResponse;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import io.rapport.proto.relationship.v1.TimelineEntry;

/** The relationship service, called as one workspace with a deadline. */
public final class RelationshipCalls {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final int TIMELINE_PAGE = 500;
    private static final int MAX_TIMELINE_PAGES = 20;

    private final RelationshipServiceGrpc.RelationshipServiceBlockingStub stub;

    public RelationshipCalls(RelationshipServiceGrpc.RelationshipServiceBlockingStub stub) {
        this.stub = stub;
    }

    public RelationshipServiceGrpc.RelationshipServiceBlockingStub as(String tenant, Duration deadline) {
        return asWithoutDeadline(tenant).withDeadlineAfter(deadline);
    }

    /** For the change feed, which streams until cancelled. */
    RelationshipServiceGrpc.RelationshipServiceBlockingStub asWithoutDeadline(String tenant) {
        return Tenancy.callingAs(stub, tenant);
    }

    /** The customer's current view, or null when there is no such customer. */
    public Relationship view(String tenant, String customerId) {
        try {
            return as(tenant, DEADLINE).getRelationship(GetRelationshipRequest.newBuilder()
                    .setCustomerId(customerId).build()).getRelationship();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
            return null;
        }
    }

    /** The customer's timeline from {@code since} on (at most 10,000 entries), of these kinds (all when none). */
    public List<TimelineEntry> timeline(String tenant, String customerId, Instant since, InteractionKind... kinds) {
        List<TimelineEntry> entries = new ArrayList<>();
        String token = "";
        for (int page = 0; page < MAX_TIMELINE_PAGES; page++) {
            GetTimelineResponse response = as(tenant, DEADLINE).getTimeline(GetTimelineRequest.newBuilder()
                    .setCustomerId(customerId).setStartTime(ProtoTime.timestamp(since)).addAllKinds(List.of(kinds))
                    .setPageSize(TIMELINE_PAGE).setPageToken(token).build());
            entries.addAll(response.getEntriesList());
            token = response.getNextPageToken();
            if (token.isEmpty()) {
                break;
            }
        }
        return entries;
    }
}
