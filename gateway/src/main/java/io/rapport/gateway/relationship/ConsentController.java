package io.rapport.gateway.relationship;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.relationship.v1.ChangeConsentRequest;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.CheckConsentRequest;
import io.rapport.proto.relationship.v1.CheckConsentResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A customer's consent ledger: grant or withdraw per channel and purpose, and ask what held at a time. */
@Tag(name = "Consent", description = "Consent per channel and purpose, with its history.")
@RestController
public class ConsentController {

    private final RelationshipClient relationships;

    public ConsentController(RelationshipClient relationships) {
        this.relationships = relationships;
    }

    /** {@code POST /v1/customers/{id}/consents}; {@code at} defaults to now. */
    record ConsentChange(String channel, String purpose, Boolean granted, String source, Instant at) {
    }

    record Changed(boolean changed) {
    }

    record Held(boolean held, Instant changedAt, String source) {
    }

    @Operation(operationId = "changeConsent", summary = "Grant or withdraw consent")
    @PostMapping("/v1/customers/{id}/consents")
    Changed change(@PathVariable String id, @RequestBody ConsentChange body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        Channel channel = channel(body.channel(), errors);
        if (body.granted() == null) {
            errors.add("granted: required, true to grant or false to withdraw");
        }
        InvalidRequestException.throwIfAny(errors);
        ChangeConsentRequest.Builder change = ChangeConsentRequest.newBuilder().setCustomerId(id).setChannel(channel)
                .setPurpose(nullToEmpty(body.purpose())).setGranted(body.granted()).setSource(nullToEmpty(body.source()));
        if (body.at() != null) {
            change.setChangeTime(RequestValues.timestamp(body.at()));
        }
        return new Changed(relationships.forWorkspace(Workspace.of(request)).changeConsent(change.build()).getChanged());
    }

    @Operation(operationId = "checkConsent", summary = "Check consent for a channel and purpose")
    @GetMapping("/v1/customers/{id}/consents/check")
    Held check(@PathVariable String id,
               @Parameter(required = true, example = "EMAIL") @RequestParam(required = false) String channel,
               @Parameter(required = true, example = "marketing") @RequestParam(required = false) String purpose,
               @RequestParam(required = false) String at,
               HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        CheckConsentRequest.Builder check = CheckConsentRequest.newBuilder().setCustomerId(id)
                .setChannel(channel(channel, errors)).setPurpose(nullToEmpty(purpose));
        RequestValues.instant(at, "at", errors).ifPresent(t -> check.setAtTime(RequestValues.timestamp(t)));
        InvalidRequestException.throwIfAny(errors);
        CheckConsentResponse answer = relationships.forWorkspace(Workspace.of(request)).checkConsent(check.build());
        return new Held(answer.getHeld(), answer.hasChangeTime() ? RequestValues.instant(answer.getChangeTime()) : null,
                answer.getSource().isEmpty() ? null : answer.getSource());
    }

    private static Channel channel(String value, List<String> errors) {
        return RequestValues.enumValue(value, "CHANNEL_", Channel.class, "channel", errors)
                .orElse(Channel.CHANNEL_UNSPECIFIED);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
