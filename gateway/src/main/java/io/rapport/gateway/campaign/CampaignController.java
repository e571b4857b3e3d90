package io.rapport.gateway.campaign;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.ProtoJson;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.campaign.v1.Campaign;
import io.rapport.proto.campaign.v1.CampaignDefinition;
import io.rapport.proto.campaign.v1.CancelCampaignRequest;
import io.rapport.proto.campaign.v1.CreateCampaignRequest;
import io.rapport.proto.campaign.v1.GetCampaignReportRequest;
import io.rapport.proto.campaign.v1.GetCampaignRequest;
import io.rapport.proto.campaign.v1.ListCampaignsRequest;
import io.rapport.proto.campaign.v1.ListCampaignsResponse;
import io.rapport.proto.campaign.v1.PreviewCampaignRequest;
import io.rapport.proto.campaign.v1.ScheduleCampaignRequest;
import io.rapport.proto.campaign.v1.UpdateCampaignRequest;
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
 * Campaigns: a one-off send to a segment, with variants, a control group, a schedule and a goal. The JSON is the
 * campaign service's message (see the README, "Campaigns"): {@code {"id", "definition": {...}}}.
 */
@Tag(name = "Campaigns",
        description = "One-off sends to a segment: variants, control group, schedule, goal, reports with lift.")
@RestController
public class CampaignController {

    private final CampaignClient campaigns;

    public CampaignController(CampaignClient campaigns) {
        this.campaigns = campaigns;
    }

    @Operation(operationId = "createCampaign", summary = "Create a campaign (a draft)")
    @RestDoc(status = "201", request = "CampaignCreate", response = "Campaign")
    @PostMapping("/v1/campaigns")
    ResponseEntity<ObjectNode> create(@RequestBody JsonNode body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        CreateCampaignRequest.Builder grpc = CreateCampaignRequest.newBuilder()
                .setDefinition(definition(body, errors));
        Resources.id(body, errors).ifPresent(grpc::setCampaignId);
        InvalidRequestException.throwIfAny(errors);
        ObjectNode created = json(campaigns.forWorkspace(Workspace.of(request)).createCampaign(grpc.build())
                .getCampaign());
        return ResponseEntity.created(URI.create("/v1/campaigns/" + created.get("id").asString())).body(created);
    }

    @Operation(operationId = "listCampaigns", summary = "List campaigns")
    @RestDoc(response = "CampaignPage")
    @GetMapping("/v1/campaigns")
    ObjectNode list(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
                    HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        ListCampaignsRequest.Builder grpc = ListCampaignsRequest.newBuilder();
        RequestValues.page(limit, cursor, 200, errors, grpc::setPageSize, grpc::setPageToken);
        InvalidRequestException.throwIfAny(errors);
        ListCampaignsResponse page = campaigns.forWorkspace(Workspace.of(request)).listCampaigns(grpc.build());
        return Resources.page(page.getCampaignsList().stream().map(CampaignController::json).toList(),
                page.getNextPageToken());
    }

    @Operation(operationId = "getCampaign", summary = "Get a campaign")
    @RestDoc(response = "Campaign")
    @GetMapping("/v1/campaigns/{id}")
    ObjectNode get(@PathVariable String id, HttpServletRequest request) {
        return json(campaigns.forWorkspace(Workspace.of(request))
                .getCampaign(GetCampaignRequest.newBuilder().setCampaignId(id).build()).getCampaign());
    }

    /** Replaces the definition of a draft or scheduled campaign; 422 once it runs. */
    @Operation(operationId = "updateCampaign", summary = "Replace a campaign's definition (until it runs)")
    @RestDoc(request = "CampaignUpdate", response = "Campaign")
    @PutMapping("/v1/campaigns/{id}")
    ObjectNode update(@PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        CampaignDefinition definition = definition(body, errors);
        InvalidRequestException.throwIfAny(errors);
        return json(campaigns.forWorkspace(Workspace.of(request)).updateCampaign(UpdateCampaignRequest.newBuilder()
                .setCampaignId(id).setDefinition(definition).build()).getCampaign());
    }

    @Operation(operationId = "scheduleCampaign",
            summary = "Schedule a campaign (now, at a time, or at each person's best hour)")
    @RestDoc(response = "Campaign")
    @PostMapping("/v1/campaigns/{id}/schedule")
    ObjectNode schedule(@PathVariable String id, HttpServletRequest request) {
        return json(campaigns.forWorkspace(Workspace.of(request))
                .scheduleCampaign(ScheduleCampaignRequest.newBuilder().setCampaignId(id).build()).getCampaign());
    }

    /** {@code {"reason"}} optional. */
    @Operation(operationId = "cancelCampaign", summary = "Cancel a campaign")
    @RestDoc(request = "CampaignCancel", response = "Campaign")
    @PostMapping("/v1/campaigns/{id}/cancel")
    ObjectNode cancel(@PathVariable String id, @RequestBody(required = false) JsonNode body,
                      HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        Resources.onlyFields(body, errors, "reason");
        CancelCampaignRequest.Builder grpc = CancelCampaignRequest.newBuilder().setCampaignId(id);
        Resources.optional(body, "reason", errors).ifPresent(grpc::setReason);
        InvalidRequestException.throwIfAny(errors);
        return json(campaigns.forWorkspace(Workspace.of(request)).cancelCampaign(grpc.build()).getCampaign());
    }

    /** {@code {"customerId", "variantId"?}}: the message as that customer would get it. */
    @Operation(operationId = "previewCampaign", summary = "Preview a campaign's message for one customer")
    @RestDoc(request = "CampaignPreviewRequest", response = "MessagePreview")
    @PostMapping("/v1/campaigns/{id}/previews")
    ObjectNode preview(@PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        Resources.onlyFields(body, errors, "customerId", "variantId");
        PreviewCampaignRequest.Builder grpc = PreviewCampaignRequest.newBuilder().setCampaignId(id)
                .setCustomerId(Resources.required(body, "customerId", errors));
        Resources.optional(body, "variantId", errors).ifPresent(grpc::setVariantId);
        InvalidRequestException.throwIfAny(errors);
        return ProtoJson.write(campaigns.forWorkspace(Workspace.of(request)).previewCampaign(grpc.build())
                .getPreview());
    }

    /** Per variant and for the control group: audience, suppressed, sent, delivered ... converted, revenue, lift. */
    @Operation(operationId = "getCampaignReport", summary = "Report a campaign per variant, with lift against control")
    @RestDoc(response = "CampaignReport")
    @GetMapping("/v1/campaigns/{id}/report")
    ObjectNode report(@PathVariable String id, HttpServletRequest request) {
        return ProtoJson.write(campaigns.forWorkspace(Workspace.of(request))
                .getCampaignReport(GetCampaignReportRequest.newBuilder().setCampaignId(id).build()).getReport());
    }

    private static CampaignDefinition definition(JsonNode body, List<String> errors) {
        if (body == null || !body.hasNonNull("definition")) {
            errors.add("definition: required");
            return CampaignDefinition.getDefaultInstance();
        }
        Resources.onlyFields(body, errors, "id", "definition");
        return ProtoJson.read(body.get("definition"), CampaignDefinition.newBuilder(), "definition", errors).build();
    }

    private static ObjectNode json(Campaign campaign) {
        return Resources.withId(campaign, "campaignId");
    }
}
