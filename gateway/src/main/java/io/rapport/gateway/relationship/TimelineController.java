package io.rapport.gateway.relationship;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.GetTimelineRequest;
import io.rapport.proto.relationship.v1.GetTimelineResponse;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.TimelineEntry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A customer's timeline, newest first, filtered and paged by cursor. */
@Tag(name = "Timeline", description = "Every interaction of a customer, newest first.")
@RestController
public class TimelineController {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String type, Instant at, Instant recordedAt, String customerId,
                 CustomerResponses.InteractionJson interaction, CustomerResponses.ConsentJson consent,
                 String otherCustomerId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TimelinePage(List<Entry> entries, String nextCursor) {
    }

    private final RelationshipClient relationships;

    public TimelineController(RelationshipClient relationships) {
        this.relationships = relationships;
    }

    /**
     * {@code channel}, {@code kind} and {@code type} may repeat; {@code from} (inclusive) and {@code to} (exclusive) are
     * ISO-8601 instants; {@code limit} 1–500 (50); {@code cursor} is the previous page's {@code nextCursor}.
     */
    @Operation(operationId = "getTimeline", summary = "Page through a customer's timeline")
    @GetMapping("/v1/customers/{id}/timeline")
    TimelinePage timeline(@PathVariable String id, @RequestParam(required = false) List<String> channel,
                  @RequestParam(required = false) List<String> kind, @RequestParam(required = false) List<String> type,
                  @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to, @RequestParam(required = false) String limit,
                  @RequestParam(required = false) String cursor, HttpServletRequest request) {
        GetTimelineRequest.Builder grpcRequest = GetTimelineRequest.newBuilder().setCustomerId(id);
        List<String> errors = new ArrayList<>();
        if (channel != null) {
            channel.forEach(c -> RequestValues.enumValue(c, "CHANNEL_", Channel.class, "channel", errors)
                    .ifPresent(grpcRequest::addChannels));
        }
        if (kind != null) {
            kind.forEach(k -> RequestValues.enumValue(k, "INTERACTION_KIND_", InteractionKind.class, "kind", errors)
                    .ifPresent(grpcRequest::addKinds));
        }
        if (type != null) {
            type.forEach(t -> RequestValues.enumValue(t, "TYPE_", TimelineEntry.Type.class, "type", errors)
                    .ifPresent(grpcRequest::addTypes));
        }
        RequestValues.instant(from, "from", errors).ifPresent(t -> grpcRequest.setStartTime(RequestValues.timestamp(t)));
        RequestValues.instant(to, "to", errors).ifPresent(t -> grpcRequest.setEndTime(RequestValues.timestamp(t)));
        RequestValues.page(limit, cursor, 500, errors, grpcRequest::setPageSize, grpcRequest::setPageToken);
        InvalidRequestException.throwIfAny(errors);
        GetTimelineResponse page = relationships.forWorkspace(Workspace.of(request)).getTimeline(grpcRequest.build());
        return new TimelinePage(page.getEntriesList().stream().map(TimelineController::entry).toList(),
                RequestValues.nextCursor(page.getNextPageToken()));
    }

    private static Entry entry(TimelineEntry entry) {
        return new Entry(CustomerResponses.unprefixed(entry.getType().name(), "TYPE_"),
                RequestValues.instant(entry.getTime()), RequestValues.instant(entry.getRecordTime()),
                entry.getCustomerId(),
                entry.hasInteraction() ? CustomerResponses.interaction(entry.getInteraction()) : null,
                entry.hasConsent() ? CustomerResponses.consent(entry.getConsent()) : null,
                entry.getOtherCustomerId().isEmpty() ? null : entry.getOtherCustomerId());
    }
}
