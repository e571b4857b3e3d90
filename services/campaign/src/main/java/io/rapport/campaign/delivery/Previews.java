package io.rapport.campaign.delivery;

import java.util.Locale;
import java.util.Map;

import io.rapport.campaign.api.CampaignView;
import io.rapport.campaign.api.JourneyDefinition;
import io.rapport.campaign.api.JourneyView;
import io.rapport.campaign.api.MessageContent;
import io.rapport.campaign.api.Variant;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.membership.RelationshipCalls;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.proto.campaign.v1.MessagePreview;
import io.rapport.proto.messaging.v1.PreviewMessageResponse;
import io.rapport.proto.relationship.v1.Relationship;

/**
 * A campaign's or journey step's message as one customer would get it: their variant, their channel, rendered by
 * messaging with their variables, exactly as the send will be.
 */
public class Previews {

    private final RelationshipCalls relationships;
    private final MessagingCalls messaging;

    public Previews(RelationshipCalls relationships, MessagingCalls messaging) {
        this.relationships = relationships;
        this.messaging = messaging;
    }

    /** @param variantId a variant to show instead of the customer's own, or null */
    public MessagePreview campaign(CampaignView campaign, String customerId, String variantId) {
        var definition = campaign.definition();
        String group = variantId != null ? variantId : Assignment.of(WorkspaceIds.of(campaign.tenant(),
                campaign.campaignId()), customerId, definition.controlPercent(), definition.variants());
        Variant variant = definition.variants().stream()
                .filter(v -> v.variantId().equals(group) || Assignment.CONTROL.equals(group)).findFirst()
                .orElseThrow(() -> RequestRejectedException.notFound("no variant '" + group + "' in campaign '"
                        + campaign.campaignId() + "'"));
        return preview(campaign.tenant(), customerId, definition.channel(), variant.templates(),
                Map.of("campaign_id", campaign.campaignId(), "variant_id", variant.variantId()))
                .setVariantId(group).build();
    }

    public MessagePreview journeyStep(JourneyView journey, String stepId, String customerId) {
        JourneyDefinition.Step step = journey.definition().steps().stream()
                .filter(s -> s.stepId().equals(stepId)).findFirst()
                .orElseThrow(() -> RequestRejectedException.notFound("no step '" + stepId + "' in journey '"
                        + journey.journeyId() + "'"));
        if (!"send".equals(step.type())) {
            throw RequestRejectedException.invalid("step_id: step '" + stepId + "' is a " + step.type()
                    + " step; only send steps have a message");
        }
        return preview(journey.tenant(), customerId, step.channel(), step.templates(),
                Map.of("journey_id", journey.journeyId(), "step_id", stepId)).build();
    }

    private MessagePreview.Builder preview(String tenant, String customerId, String channel,
                                           Map<String, MessageContent> templates, Map<String, String> variables) {
        Relationship view = relationships.view(tenant, customerId);
        if (view == null) {
            throw RequestRejectedException.notFound("no customer '" + customerId + "' in this workspace");
        }
        String chosen = ChannelChoice.of(channel, templates.keySet(), view);
        PreviewMessageResponse rendered = messaging.preview(tenant, customerId, chosen,
                templates.get(chosen.toLowerCase(Locale.ROOT)), variables);
        return MessagePreview.newBuilder().setCustomerId(customerId).setChannel(rendered.getChannel())
                .setRecipient(rendered.getRecipient()).setSubject(rendered.getSubject()).setBody(rendered.getBody())
                .setHtml(rendered.getHtml()).setRefusal(rendered.getRefusal());
    }
}
