package io.rapport.messaging.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rapport.messaging.channel.TrackingLinks;
import io.rapport.platform.testing.TestCredential;
import io.rapport.proto.messaging.v1.GetMessageRequest;
import io.rapport.proto.messaging.v1.Message;
import io.rapport.proto.messaging.v1.MessageChannel;
import io.rapport.proto.messaging.v1.MessagePurpose;
import io.rapport.proto.messaging.v1.MessageTemplate;
import io.rapport.proto.messaging.v1.MessagingServiceGrpc;
import io.rapport.proto.messaging.v1.SendMessageRequest;
import io.rapport.proto.messaging.v1.SendMessageResponse;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Messages sent over real gRPC reach a real SMTP server (GreenMail) once, with their headers. */
@SpringBootTest(properties = {TestCredential.PROPERTY, "rapport.mongodb.embedded=memory", "spring.grpc.server.port=0", "server.port=0"})
class EmailDeliveryIT {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @LocalGrpcServerPort
    int port;

    @Autowired
    TrackingLinks links;

    private MessagingTestClient messaging;

    @BeforeEach
    void connect() {
        messaging = new MessagingTestClient(port, "acme");
    }

    @AfterEach
    void disconnect() {
        messaging.close();
    }

    private MessagingServiceGrpc.MessagingServiceBlockingStub client() {
        return messaging.stub();
    }

    private static SendMessageRequest.Builder order(String key) {
        return SendMessageRequest.newBuilder().setIdempotencyKey(key).setCustomerId("ada")
                .setChannel(MessageChannel.MESSAGE_CHANNEL_EMAIL).setPurpose(MessagePurpose.MESSAGE_PURPOSE_TRANSACTIONAL)
                .setRecipient("ada@example.com")
                .setTemplate(MessageTemplate.newBuilder().setSubject("Order {{ order }}")
                        .setBody("Hi {{ first_name }}, order {{ order }} is on its way.")
                        .putDefaults("first_name", "there"));
    }

    private Message awaitState(String key, String state) throws InterruptedException {
        return messaging.awaitState(key, state);
    }

    @Test
    void aRenderedEmailReachesTheSmtpServerOnceWithItsHeaders() throws Exception {
        SendMessageResponse sent = client().sendMessage(order("order-17").putVariables("first_name", "Ada")
                .putVariables("order", "17").build());
        assertThat(sent.getState()).isEqualTo("RENDERED");

        Message dispatched = awaitState("order-17", "DISPATCHED");
        assertThat(dispatched.getHistoryList()).extracting(Message.Step::getState)
                .containsExactly("REQUESTED", "RENDERED", "SENDING", "DISPATCHED");
        assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage received = SMTP.getReceivedMessagesForDomain("example.com")[0];
        assertThat(received.getSubject()).isEqualTo("Order 17");
        assertThat(((String) received.getContent()).trim()).isEqualTo("Hi Ada, order 17 is on its way.");
        assertThat(received.getMessageID()).isEqualTo(dispatched.getHistory(3).getDetail());
        String unsubscribe = received.getHeader("List-Unsubscribe")[0];
        assertThat(unsubscribe).startsWith("<http://127.0.0.1:8080/t/unsubscribe/");
        assertThat(links.verify(unsubscribe.substring(unsubscribe.lastIndexOf('/') + 1, unsubscribe.length() - 1),
                TrackingLinks.Purpose.UNSUBSCRIBE, ""))
                .contains("acme/order-17");
        assertThat(received.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");

        SendMessageResponse again = client().sendMessage(order("order-17").putVariables("first_name", "Someone else")
                .putVariables("order", "99").build());
        assertThat(again.getState()).as("the same key answers with the first outcome").isEqualTo("DISPATCHED");
        Thread.sleep(500);
        assertThat(SMTP.getReceivedMessagesForDomain("example.com")).as("no second e-mail").hasSize(1);
    }

    @Test
    void anHtmlEmailGoesWithItsPlainTextItsLinksTrackedAndItsValuesEscaped() throws Exception {
        SendMessageRequest request = order("html-1").setRecipient("html@example.com")
                .setTemplate(MessageTemplate.newBuilder().setSubject("Order {{ order }}")
                        .setBody("Hi {{ first_name }}, order {{ order }} ships. Unsubscribe: {{ unsubscribe_url }}")
                        .setHtml("<html><body><p>Hi {{ first_name }}!</p><a href=\"https://shop.example.com/o/{{ order }}\">"
                                + "Track it</a> <a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></body></html>"))
                .putVariables("first_name", "<b>Ann").putVariables("order", "18").build();
        assertThat(client().sendMessage(request).getState()).isEqualTo("RENDERED");
        awaitState("html-1", "DISPATCHED");

        MimeMessage received = SMTP.getReceivedMessagesForDomain("html@example.com")[0];
        String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(received);
        assertThat(body).contains("multipart/alternative").contains("Content-Type: text/plain");
        String plain = body.substring(body.indexOf("Content-Type: text/plain"), body.indexOf("Content-Type: text/html"));
        String html = body.substring(body.indexOf("Content-Type: text/html"));
        assertThat(plain).contains("Hi <b>Ann, order 18 ships. Unsubscribe: " + links.unsubscribe("acme/html-1"));
        assertThat(html).contains("<p>Hi &lt;b&gt;Ann!</p>")
                .contains("<a href=\"" + links.click("acme/html-1", "https://shop.example.com/o/18") + "\">Track it</a>")
                .contains("<a href=\"" + links.unsubscribe("acme/html-1") + "\">Unsubscribe</a>")
                .contains("<img src=\"" + links.open("acme/html-1") + "\"");
    }

    @Test
    void aMessageMissingAVariableIsSuppressedAndNeverSent() throws Exception {
        int before = SMTP.getReceivedMessages().length;
        SendMessageResponse sent = client().sendMessage(order("no-order-number").build());

        assertThat(sent.getState()).isEqualTo("SUPPRESSED");
        assertThat(sent.getReason()).contains("'order'");
        assertThat(awaitState("no-order-number", "SUPPRESSED").getHistoryList()).extracting(Message.Step::getState)
                .containsExactly("REQUESTED", "SUPPRESSED");
        Thread.sleep(500);
        assertThat(SMTP.getReceivedMessages()).as("nothing sent").hasSize(before);
    }

    @Test
    void invalidRequestsAreRefusedWithEveryProblemNamed() {
        assertThatThrownBy(() -> client().sendMessage(SendMessageRequest.newBuilder().setIdempotencyKey("has space")
                .setRecipient("not-an-address").setChannel(MessageChannel.MESSAGE_CHANNEL_EMAIL).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("idempotencyKey").contains("customerId")
                            .contains("purpose").contains("recipient").contains("template.body");
                });
        assertThatThrownBy(() -> client().getMessage(GetMessageRequest.newBuilder().setMessageId("unknown").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
}
