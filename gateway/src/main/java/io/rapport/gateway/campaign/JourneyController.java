package io.rapport.gateway.campaign;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.ProtoJson;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.campaign.v1.ActivateJourneyRequest;
import io.rapport.proto.campaign.v1.CreateJourneyRequest;
import io.rapport.proto.campaign.v1.GetJourneyReportRequest;
import io.rapport.proto.campaign.v1.GetJourneyRequest;
import io.rapport.proto.campaign.v1.Journey;
import io.rapport.proto.campaign.v1.JourneyDefinition;
import io.rapport.proto.campaign.v1.ListJourneyRunsRequest;
import io.rapport.proto.campaign.v1.ListJourneyRunsResponse;
import io.rapport.proto.campaign.v1.ListJourneysRequest;
import io.rapport.proto.campaign.v1.ListJourneysResponse;
import io.rapport.proto.campaign.v1.PreviewJourneyStepRequest;
import io.rapport.proto.campaign.v1.StopJourneyRequest;
import io.rapport.proto.campaign.v1.UpdateJourneyRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Journeys: people entering a segment or doing something go through steps (send, wait, wait for their best hour,
 * branch on what they did, exit) until the goal. The JSON is the campaign service's message (see the README,
 * "Journeys"): {@code {"id", "definition": {...}}}.
 */
@Tag(name = "Journeys", description = "Multi-step journeys: send, wait, branch on the response, exit on the goal.")
@RestController
public class JourneyController {

    private final CampaignClient campaigns;

    public JourneyController(CampaignClient campaigns) {
        this.campaigns = campaigns;
    }

    @Operation(operationId = "createJourney", summary = "Create a journey (a draft)")
    @RestDoc(status = "201", request = "JourneyCreate", response = "Journey")
    @PostMapping("/v1/journeys")
    ResponseEntity<ObjectNode> create(@RequestBody JsonNode body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        CreateJourneyRequest.Builder grpc = CreateJourneyRequest.newBuilder().setDefinition(definition(body, errors));
        Resources.id(body, errors).ifPresent(grpc::setJourneyId);
        InvalidRequestException.throwIfAny(errors);
        ObjectNode created = json(campaigns.forWorkspace(Workspace.of(request)).createJourney(grpc.build())
                .getJourney());
        return ResponseEntity.created(URI.create("/v1/journeys/" + created.get("id").asString())).body(created);
    }

    @Operation(operationId = "listJourneys", summary = "List journeys")
    @RestDoc(response = "JourneyPage")
    @GetMapping("/v1/journeys")
    ObjectNode list(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
                    HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        ListJourneysRequest.Builder grpc = ListJourneysRequest.newBuilder();
        RequestValues.page(limit, cursor, 200, errors, grpc::setPageSize, grpc::setPageToken);
        InvalidRequestException.throwIfAny(errors);
        ListJourneysResponse page = campaigns.forWorkspace(Workspace.of(request)).listJourneys(grpc.build());
        return Resources.page(page.getJourneysList().stream().map(JourneyController::json).toList(),
                page.getNextPageToken());
    }

    @Operation(operationId = "getJourney", summary = "Get a journey")
    @RestDoc(response = "Journey")
    @GetMapping("/v1/journeys/{id}")
    ObjectNode get(@PathVariable String id, HttpServletRequest request) {
        return json(campaigns.forWorkspace(Workspace.of(request))
                .getJourney(GetJourneyRequest.newBuilder().setJourneyId(id).build()).getJourney());
    }

    /** Replaces a draft journey's definition; 422 once it is activated. */
    @Operation(operationId = "updateJourney", summary = "Replace a journey's definition (until it is active)")
    @RestDoc(request = "JourneyUpdate", response = "Journey")
    @PutMapping("/v1/journeys/{id}")
    ObjectNode update(@PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        JourneyDefinition definition = definition(body, errors);
        InvalidRequestException.throwIfAny(errors);
        return json(campaigns.forWorkspace(Workspace.of(request)).updateJourney(UpdateJourneyRequest.newBuilder()
                .setJourneyId(id).setDefinition(definition).build()).getJourney());
    }

    @Operation(operationId = "activateJourney", summary = "Activate a journey")
    @RestDoc(response = "Journey")
    @PostMapping("/v1/journeys/{id}/activate")
    ObjectNode activate(@PathVariable String id, HttpServletRequest request) {
        return json(campaigns.forWorkspace(Workspace.of(request))
                .activateJourney(ActivateJourneyRequest.newBuilder().setJourneyId(id).build()).getJourney());
    }

    @Operation(operationId = "stopJourney", summary = "Stop a journey")
    @RestDoc(response = "Journey")
    @PostMapping("/v1/journeys/{id}/stop")
    ObjectNode stop(@PathVariable String id, HttpServletRequest request) {
        return json(campaigns.forWorkspace(Workspace.of(request))
                .stopJourney(StopJourneyRequest.newBuilder().setJourneyId(id).build()).getJourney());
    }

    /** Runs through the journey by customer, or one customer's ({@code ?customerId=}). */
    @Operation(operationId = "listJourneyRuns", summary = "List the runs through a journey")
    @RestDoc(response = "JourneyRunPage")
    @GetMapping("/v1/journeys/{id}/runs")
    ObjectNode runs(@PathVariable String id, @RequestParam(required = false) String customerId,
                    @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
                    HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        ListJourneyRunsRequest.Builder grpc = ListJourneyRunsRequest.newBuilder().setJourneyId(id);
        RequestValues.page(limit, cursor, 1_000, errors, grpc::setPageSize, grpc::setPageToken);
        InvalidRequestException.throwIfAny(errors);
        if (customerId != null) {
            grpc.setCustomerId(customerId);
        }
        ListJourneyRunsResponse page = campaigns.forWorkspace(Workspace.of(request)).listJourneyRuns(grpc.build());
        return Resources.page(page.getRunsList().stream().map(ProtoJson::write).toList(), page.getNextPageToken());
    }

    /** {@code {"stepId", "customerId"}}: a send step's message as that customer would get it. */
    @Operation(operationId = "previewJourneyStep", summary = "Preview a journey step's message for one customer")
    @RestDoc(request = "JourneyPreviewRequest", response = "MessagePreview")
    @PostMapping("/v1/journeys/{id}/previews")
    ObjectNode preview(@PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        Resources.onlyFields(body, errors, "stepId", "customerId");
        PreviewJourneyStepRequest grpc = PreviewJourneyStepRequest.newBuilder().setJourneyId(id)
                .setStepId(Resources.required(body, "stepId", errors))
                .setCustomerId(Resources.required(body, "customerId", errors)).build();
        InvalidRequestException.throwIfAny(errors);
        return ProtoJson.write(campaigns.forWorkspace(Workspace.of(request)).previewJourneyStep(grpc).getPreview());
    }

    /** Per step: reached, waiting there, goal reached there, branch paths, and what its messages did. */
    @Operation(operationId = "getJourneyReport", summary = "Report a journey per step")
    @RestDoc(response = "JourneyReport")
    @GetMapping("/v1/journeys/{id}/report")
    ObjectNode report(@PathVariable String id, HttpServletRequest request) {
        return ProtoJson.write(campaigns.forWorkspace(Workspace.of(request))
                .getJourneyReport(GetJourneyReportRequest.newBuilder().setJourneyId(id).build()).getReport());
    }

    private static JourneyDefinition definition(JsonNode body, List<String> errors) {
        if (body == null || !body.hasNonNull("definition")) {
            errors.add("definition: required");
            return JourneyDefinition.getDefaultInstance();
        }
        Resources.onlyFields(body, errors, "id", "definition");
        return ProtoJson.read(body.get("definition"), JourneyDefinition.newBuilder(), "definition", errors).build();
    }

    private static ObjectNode json(Journey journey) {
        return Resources.withId(journey, "journeyId");
    }
}
