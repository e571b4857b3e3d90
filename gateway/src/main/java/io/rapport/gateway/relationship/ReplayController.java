package io.rapport.gateway.relationship;

import java.net.URI;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.relationship.v1.GetReplayRequest;
import io.rapport.proto.relationship.v1.ReplayJob;
import io.rapport.proto.relationship.v1.StartReplayRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rebuild every relationship read model from the event store while the service keeps answering, and follow its
 * progress. A replay rebuilds every workspace's views, so only the operator (a key from the gateway's configuration)
 * may start one or see one.
 */
@Tag(name = "Replays", description = "Rebuilding read models from the events, with progress (operator).")
@RestController
public class ReplayController {

    /** @param phase REBUILDING, CATCHING_UP, SWITCHING, DONE */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReplayJson(String id, String status, String phase, long eventsDone, long eventsTotal,
                      double eventsPerSecond, Long etaSeconds, Instant startedAt, Instant finishedAt, String error,
                      long eventsUnapplied) {

        static ReplayJson of(ReplayJob job) {
            return new ReplayJson(job.getId(), job.getStatus(), job.getPhase(), job.getEventsDone(),
                    job.getEventsTotal(), job.getEventsPerSecond(), job.hasEtaSeconds() ? job.getEtaSeconds() : null,
                    RequestValues.instant(job.getStartTime()),
                    job.hasFinishTime() ? RequestValues.instant(job.getFinishTime()) : null,
                    job.getError().isEmpty() ? null : job.getError(), job.getEventsUnapplied());
        }
    }

    private final RelationshipClient relationships;

    public ReplayController(RelationshipClient relationships) {
        this.relationships = relationships;
    }

    @Operation(operationId = "startReplay", summary = "Rebuild every relationship view from the events (operator)")
    @RestDoc(status = "202")
    @PostMapping("/v1/admin/replays")
    ResponseEntity<ReplayJson> start(HttpServletRequest request) {
        Workspace.requireOperator(request, "Replays rebuild every workspace's views");
        ReplayJob job = relationships.forWorkspace(Workspace.of(request))
                .startReplay(StartReplayRequest.getDefaultInstance()).getJob();
        return ResponseEntity.accepted().location(URI.create("/v1/admin/replays/" + job.getId()))
                .body(ReplayJson.of(job));
    }

    @Operation(operationId = "getReplay", summary = "Follow a replay's progress (operator)")
    @GetMapping("/v1/admin/replays/{id}")
    ReplayJson get(@PathVariable String id, HttpServletRequest request) {
        Workspace.requireOperator(request, "Replays rebuild every workspace's views");
        return ReplayJson.of(relationships.forWorkspace(Workspace.of(request))
                .getReplay(GetReplayRequest.newBuilder().setId(id).build()).getJob());
    }
}
