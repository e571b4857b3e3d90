package io.rapport.gateway.messaging;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.messaging.v1.GetMessagingSettingsRequest;
import io.rapport.proto.messaging.v1.MessagingSettings;
import io.rapport.proto.messaging.v1.UpdateMessagingSettingsRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The workspace's sending rules (admin scope): one marketing cap across channels, and quiet hours. */
@Tag(name = "Messaging settings", description = "The workspace's marketing frequency cap and quiet hours.")
@RestController
public class MessagingSettingsController {

    /** {@code window}: an ISO-8601 duration such as {@code P7D}. */
    record Cap(Integer count, String window) {
    }

    /** Times of day in the customer's zone, e.g. 21:00 to 08:00. */
    record QuietHours(String from, String until) {
    }

    record Settings(Cap marketingCap, QuietHours quietHours) {
    }

    private final MessagingClient messaging;

    public MessagingSettingsController(MessagingClient messaging) {
        this.messaging = messaging;
    }

    @Operation(operationId = "getMessagingSettings", summary = "Get the marketing cap and quiet hours")
    @GetMapping("/v1/admin/messaging-settings")
    Settings get(HttpServletRequest request) {
        return json(messaging.forWorkspace(Workspace.of(request))
                .getMessagingSettings(GetMessagingSettingsRequest.getDefaultInstance()).getSettings());
    }

    @Operation(operationId = "putMessagingSettings", summary = "Set the marketing cap and quiet hours")
    @PutMapping("/v1/admin/messaging-settings")
    Settings put(@RequestBody Settings body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        MessagingSettings.Builder settings = MessagingSettings.newBuilder();
        if (body.marketingCap() == null || body.marketingCap().count() == null || body.marketingCap().window() == null) {
            errors.add("marketingCap: required, e.g. {\"count\": 3, \"window\": \"P7D\"}");
        } else {
            settings.setMarketingCapCount(body.marketingCap().count());
            try {
                settings.setMarketingCapWindow(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(Duration.parse(body.marketingCap().window()).toSeconds()));
            } catch (DateTimeParseException e) {
                errors.add("marketingCap.window: an ISO-8601 duration such as P7D or PT12H");
            }
        }
        if (body.quietHours() == null || body.quietHours().from() == null || body.quietHours().until() == null) {
            errors.add("quietHours: required, e.g. {\"from\": \"21:00\", \"until\": \"08:00\"}");
        } else {
            settings.setQuietHoursFrom(body.quietHours().from()).setQuietHoursUntil(body.quietHours().until());
        }
        InvalidRequestException.throwIfAny(errors);
        return json(messaging.forWorkspace(Workspace.of(request)).updateMessagingSettings(
                UpdateMessagingSettingsRequest.newBuilder().setSettings(settings).build()).getSettings());
    }

    private static Settings json(MessagingSettings settings) {
        return new Settings(new Cap(settings.getMarketingCapCount(),
                Duration.ofSeconds(settings.getMarketingCapWindow().getSeconds()).toString()),
                new QuietHours(settings.getQuietHoursFrom(), settings.getQuietHoursUntil()));
    }
}
