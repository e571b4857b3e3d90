package io.rapport.messaging.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rapport.messaging.channel.ProviderServer;
import io.rapport.platform.crypto.Digests;
import io.rapport.platform.testing.TestCredential;
import io.rapport.proto.messaging.v1.Message;
import io.rapport.proto.messaging.v1.MessageChannel;
import io.rapport.proto.messaging.v1.MessagePurpose;
import io.rapport.proto.messaging.v1.MessageTemplate;
import io.rapport.proto.messaging.v1.SendMessageRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SMS, push and social messages go to real HTTP providers on loopback: signed, retried with backoff after a 5xx
 * or a timeout, failed with the provider's reason after a 4xx, and held to each provider's rate.
 */
@SpringBootTest(properties = {TestCredential.PROPERTY, "rapport.mongodb.embedded=memory", "spring.grpc.server.port=0", "server.port=0",
        "rapport.messaging.delivery.initial-backoff=100ms", "rapport.messaging.delivery.max-backoff=300ms",
        "rapport.messaging.delivery.poll=50ms", "rapport.messaging.delivery.http-timeout=700ms",
        "rapport.messaging.delivery.max-attempts=4"})
class HttpProvidersIT {

    private static final String SECRET = "sms-provider-secret";
    private static final ProviderServer PROVIDER = new ProviderServer();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("rapport.messaging.delivery.providers.sms.url", () -> PROVIDER.url("/sms"));
        registry.add("rapport.messaging.delivery.providers.sms.secret", () -> SECRET);
        registry.add("rapport.messaging.delivery.providers.push.url", () -> PROVIDER.url("/push"));
        registry.add("rapport.messaging.delivery.providers.push.secret", () -> "push-secret");
        registry.add("rapport.messaging.delivery.providers.push.rate", () -> "5");
        registry.add("rapport.messaging.delivery.providers.push.burst", () -> "1");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @LocalGrpcServerPort
    int port;

    private MessagingTestClient messaging;

    @BeforeEach
    void connect() {
        messaging = new MessagingTestClient(port, "acme");
    }

    @AfterEach
    void disconnect() {
        messaging.close();
    }

    private void send(String key, MessageChannel channel, String recipient) {
        messaging.stub().sendMessage(SendMessageRequest.newBuilder().setIdempotencyKey(key).setCustomerId("ada")
                .setChannel(channel).setPurpose(MessagePurpose.MESSAGE_PURPOSE_TRANSACTIONAL).setRecipient(recipient)
                .setTemplate(MessageTemplate.newBuilder().setBody("Your code is {{ code }}")).putVariables("code", "4711")
                .build());
    }

    private static List<String> states(Message message) {
        return message.getHistoryList().stream().map(Message.Step::getState).toList();
    }

    @Test
    void aSignedRequestReachesTheProviderAndIsRetriedAfterServerErrorsUnderOneIdempotencyKey() throws Exception {
        PROVIDER.script("/sms", ProviderServer.Answer.of(503, "{\"error\":\"busy\"}"),
                ProviderServer.Answer.of(502, ""), ProviderServer.Answer.of(200, "{\"id\":\"sms-777\"}"));
        send("code-1", MessageChannel.MESSAGE_CHANNEL_SMS, "+447700900123");

        Message message = messaging.awaitState("code-1", "DISPATCHED");
        assertThat(states(message)).containsExactly("REQUESTED", "RENDERED", "SENDING", "RETRYING", "SENDING",
                "RETRYING", "SENDING", "DISPATCHED");
        assertThat(message.getHistory(3).getDetail()).contains("503: busy");
        assertThat(message.getHistory(7).getDetail()).isEqualTo("sms-777");

        List<ProviderServer.Received> requests = PROVIDER.received("/sms").stream()
                .filter(r -> r.body().contains("\"code-1\"")).toList();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.header("Idempotency-Key")).containsOnly("acme/code-1");
        for (ProviderServer.Received request : requests) {
            String signed = request.header("X-Rapport-Timestamp") + "." + request.body();
            assertThat(request.header("X-Rapport-Signature")).isEqualTo("v1=" + Digests.hmacSha256Hex(SECRET, signed));
        }
        JsonNode body = JSON.readTree(requests.get(2).body());
        assertThat(body.path("message_id").asText()).isEqualTo("code-1");
        assertThat(body.path("to").asText()).isEqualTo("+447700900123");
        assertThat(body.path("body").asText()).isEqualTo("Your code is 4711");
        assertThat(body.path("attempt").asInt()).isEqualTo(3);
        long firstGap = requests.get(1).atNanos() - requests.get(0).atNanos();
        assertThat(firstGap).as("the first retry waits at least half the initial backoff")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aClientErrorFailsTheMessageWithTheProvidersReasonAndIsNotRetried() throws Exception {
        PROVIDER.script("/sms", ProviderServer.Answer.of(400, "{\"error\":\"not a mobile number\"}"));
        send("code-2", MessageChannel.MESSAGE_CHANNEL_SMS, "+100");

        Message message = messaging.awaitState("code-2", "FAILED");
        assertThat(message.getReason()).isEqualTo("SMS provider answered 400: not a mobile number");
        Thread.sleep(500);
        assertThat(PROVIDER.received("/sms").stream().filter(r -> r.body().contains("\"code-2\""))).hasSize(1);
    }

    @Test
    void aTimeoutIsRetriedAndTooManyFailuresFailTheMessage() throws Exception {
        PROVIDER.script("/sms", new ProviderServer.Answer(200, "{}", 1_500, Map.of()));
        send("code-3", MessageChannel.MESSAGE_CHANNEL_SMS, "+447700900124");
        Message recovered = messaging.awaitState("code-3", "DISPATCHED");
        assertThat(states(recovered)).containsSubsequence("SENDING", "RETRYING", "SENDING", "DISPATCHED");
        assertThat(recovered.getHistory(3).getDetail()).contains("timed out");

        PROVIDER.script("/sms", ProviderServer.Answer.of(500, "a"), ProviderServer.Answer.of(500, "b"),
                ProviderServer.Answer.of(500, "c"), ProviderServer.Answer.of(500, "d"));
        send("code-4", MessageChannel.MESSAGE_CHANNEL_SMS, "+447700900125");
        Message failed = messaging.awaitState("code-4", "FAILED");
        assertThat(failed.getReason()).isEqualTo("SMS provider answered 500: d");
        assertThat(states(failed).stream().filter("SENDING"::equals)).as("max-attempts").hasSize(4);
    }

    @Test
    void sendsWaitForTheProvidersRateLimit() throws Exception {
        for (int i = 0; i < 6; i++) {
            send("push-" + i, MessageChannel.MESSAGE_CHANNEL_PUSH, "device-token-" + i);
        }
        for (int i = 0; i < 6; i++) {
            assertThat(messaging.awaitState("push-" + i, "DISPATCHED").getState()).isEqualTo("DISPATCHED");
        }
        List<Long> arrivals = PROVIDER.received("/push").stream().map(ProviderServer.Received::atNanos).sorted().toList();
        assertThat(arrivals).hasSize(6);
        assertThat(arrivals.get(5) - arrivals.get(0)).as("6 sends at 5/s with a burst of 1 take at least 1 s")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
    }

    @Test
    void aChannelWithoutAProviderFailsItsMessagesSayingSo() throws Exception {
        send("social-1", MessageChannel.MESSAGE_CHANNEL_SOCIAL, "twitter:@ada");
        assertThat(messaging.awaitState("social-1", "FAILED").getReason())
                .isEqualTo("no provider is configured for SOCIAL");
    }
}
