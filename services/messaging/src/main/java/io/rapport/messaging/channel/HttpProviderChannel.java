package io.rapport.messaging.channel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.platform.crypto.Digests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS, push, social replies and customer webhooks: a JSON POST to the channel's provider, signed so the provider
 * can tell it came from Rapport. The request carries:
 * <ul>
 * <li>{@code Idempotency-Key}: the message's id, the same on every attempt, so a provider drops a repeat;</li>
 * <li>{@code X-Rapport-Timestamp}: seconds since the epoch;</li>
 * <li>{@code X-Rapport-Signature}: {@code v1=} hex HMAC-SHA256, with the provider's secret, of
 * {@code timestamp + "." + body}.</li>
 * </ul>
 * A 2xx answer is accepted (its JSON {@code id}, if any, is the provider's id); 408, 425, 429 and 5xx answers and
 * timeouts are retried (after the provider's Retry-After when it gives one); any other 4xx fails the message
 * with the provider's reason.
 */
public class HttpProviderChannel implements ChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(HttpProviderChannel.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 300;

    private final String channel;
    private final URI endpoint;
    private final String secret;
    private final Duration timeout;
    private final HttpClient http;

    public HttpProviderChannel(String channel, URI endpoint, String secret, Duration timeout, HttpClient http) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.secret = secret;
        this.timeout = timeout;
        this.http = http;
    }

    @Override
    public Outcome send(MessageRenderedEvent message, int attempt) {
        String body = body(message, attempt);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", message.messageId())
                .header("X-Rapport-Timestamp", timestamp)
                .header("X-Rapport-Signature", "v1=" + Digests.hmacSha256Hex(secret, timestamp + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.info("The {} provider could not be reached", channel, e);
            return new Retryable(channel + " provider did not answer (connection refused or timed out)", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Retryable(channel + " send interrupted", null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Accepted(providerId(response.body()).orElse(message.messageId()));
        }
        String reason = channel + " provider answered " + status + reason(response.body());
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return new Retryable(reason, retryAfter(response));
        }
        return new Rejected(reason);
    }

    /** The JSON the provider receives: documented in the README (Channels). */
    static String body(MessageRenderedEvent message, int attempt) {
        Map<String, Object> json = new LinkedHashMap<>();
        String id = message.messageId();
        json.put("message_id", id.substring(id.indexOf('/') + 1));
        json.put("workspace", message.tenant());
        json.put("customer_id", message.customerId());
        json.put("channel", message.channel().name());
        json.put("to", message.recipient());
        if (message.subject() != null) {
            json.put("subject", message.subject());
        }
        json.put("body", message.body());
        if (message.html() != null) {
            json.put("html", message.html());
        }
        json.put("attempt", attempt);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    private static Optional<String> providerId(String body) {
        try {
            JsonNode id = JSON.readTree(body).path("id");
            return id.isTextual() || id.isNumber() ? Optional.of(id.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String reason(String body) {
        String text = body == null ? "" : body.strip();
        try {
            JsonNode json = JSON.readTree(text);
            for (String field : new String[] {"error", "message", "detail", "reason"}) {
                JsonNode value = json.path(field);
                if (value.isTextual()) {
                    text = value.asText();
                    break;
                }
                if (value.path("message").isTextual()) {
                    text = value.path("message").asText();
                    break;
                }
            }
        } catch (IOException e) {
            // not JSON: the text as it is
        }
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "…" : text);
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }
}
