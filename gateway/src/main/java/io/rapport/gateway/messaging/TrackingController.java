package io.rapport.gateway.messaging;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RestDoc;
import io.rapport.proto.messaging.v1.RecordEngagementRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The links inside messages: an open pixel, click redirects and one-click unsubscribe (RFC 8058). They need no
 * API key — the recipient follows them — so each carries a signature the messaging service checks; a changed
 * link is answered 400 and records nothing.
 */
@Tag(name = "Tracking",
        description = "Opens, clicks and unsubscribes from the links in sent messages (no key: signed tokens).")
@RestController
public class TrackingController {

    /** A transparent 1×1 GIF. */
    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final MessagingClient messaging;

    public TrackingController(MessagingClient messaging) {
        this.messaging = messaging;
    }

    @Operation(operationId = "trackOpen", summary = "Record an open (tracking pixel)")
    @GetMapping("/t/open/{token}")
    ResponseEntity<byte[]> open(@PathVariable String token) {
        record(token, RecordEngagementRequest.Kind.KIND_OPENED, "");
        return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(PIXEL);
    }

    @Operation(operationId = "trackClick", summary = "Record a click and redirect to its link")
    @RestDoc(status = "302")
    @GetMapping("/t/click/{token}")
    ResponseEntity<Void> click(@PathVariable String token, @RequestParam("u") String url) {
        record(token, RecordEngagementRequest.Kind.KIND_CLICKED, url);
        return ResponseEntity.status(302).location(URI.create(url)).build();
    }

    /**
     * A link followed in the message (or prefetched by a mail scanner) only asks: the page's button, or a mail
     * client's one-click POST (RFC 8058), unsubscribes.
     */
    @Operation(operationId = "confirmUnsubscribe", summary = "Ask to confirm an unsubscribe (the link in a message)")
    @GetMapping(path = "/t/unsubscribe/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> confirmUnsubscribe(@PathVariable String token) {
        workspaceOf(token);
        String action = "/t/unsubscribe/" + HtmlUtils.htmlEscape(token);
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
                .body("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unsubscribe</title>"
                        + "<meta name=\"viewport\" content=\"width=device-width\"></head><body style=\"font-family:"
                        + "sans-serif;max-width:32em;margin:3em auto\"><h1>Unsubscribe?</h1><p>You will get no more "
                        + "marketing messages on this channel. Messages you asked for, such as order updates, still "
                        + "come.</p><form method=\"post\" action=\"" + action + "\"><button type=\"submit\">"
                        + "Unsubscribe</button></form></body></html>");
    }

    @Operation(operationId = "unsubscribe",
            summary = "Unsubscribe from marketing on a message's channel (the page's button and one-click)")
    @PostMapping("/t/unsubscribe/{token}")
    ResponseEntity<String> unsubscribe(@PathVariable String token) {
        record(token, RecordEngagementRequest.Kind.KIND_UNSUBSCRIBED, "");
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN)
                .body("You are unsubscribed: you will get no more marketing messages on this channel.");
    }

    private void record(String token, RecordEngagementRequest.Kind kind, String url) {
        messaging.forWorkspace(workspaceOf(token)).recordEngagement(RecordEngagementRequest.newBuilder()
                .setToken(token).setKind(kind).setUrl(url).build());
    }

    /** The workspace named in the token; the messaging service checks the signature that vouches for it. */
    private static String workspaceOf(String token) {
        try {
            int dot = token.indexOf('.');
            String messageId = new String(Base64.getUrlDecoder().decode(token.substring(0, Math.max(0, dot))),
                    StandardCharsets.UTF_8);
            int slash = messageId.indexOf('/');
            if (dot > 0 && slash > 0 && messageId.substring(0, slash).matches("[a-z0-9][a-z0-9-]{0,62}")) {
                return messageId.substring(0, slash);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidRequestException(List.of("token: the link was not made by Rapport or was changed"));
    }
}
