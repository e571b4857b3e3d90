package io.rapport.messaging.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.rapport.messaging.MessagingApplication;
import io.rapport.messaging.channel.EmailChannel;
import io.rapport.messaging.command.Message;
import io.rapport.platform.testing.ServiceProcess;
import io.rapport.proto.messaging.v1.MessageChannel;
import io.rapport.proto.messaging.v1.MessagePurpose;
import io.rapport.proto.messaging.v1.MessageTemplate;
import io.rapport.proto.messaging.v1.SendMessageRequest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messaging service, a real process on a file-backed store, is killed with SIGKILL in the middle of a burst of
 * e-mails and started again: every message ends in exactly one terminal state, and the SMTP server (GreenMail)
 * received no e-mail twice.
 */
class CrashSafetyIT {

    private static final int MESSAGES = 400;
    private static final int THREADS = 4;
    private static final Set<String> TERMINAL = Set.of("DISPATCHED", "FAILED", "SUPPRESSED");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path dataDir;

    @Test
    void aServiceKilledMidBurstLeavesEveryMessageInOneTerminalStateAndSendsNoneTwice() throws Exception {
        int grpcPort = ServiceProcess.freePort();
        Process first = start(grpcPort, "first");
        int receivedAtKill;
        try (MessagingTestClient messaging = new MessagingTestClient(grpcPort, "acme")) {
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                String key = "burst-" + i;
                sent.add(senders.submit(() -> messaging.stub().sendMessage(request(key))));
            }
            for (Future<?> request : sent) {
                request.get(60, TimeUnit.SECONDS);
            }
            senders.shutdown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (SMTP.getReceivedMessages().length < 40 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            receivedAtKill = SMTP.getReceivedMessages().length;
        }
        assertThat(receivedAtKill).as("killed in the middle of the burst").isBetween(40, MESSAGES - 1);

        Process second = start(grpcPort, "second");
        try (MessagingTestClient messaging = new MessagingTestClient(grpcPort, "acme")) {
            Map<String, io.rapport.proto.messaging.v1.Message> finalStates = new HashMap<>();
            for (int i = 0; i < MESSAGES; i++) {
                String key = "burst-" + i;
                finalStates.put(key, messaging.await(key, m -> TERMINAL.contains(m.getState())));
            }
            for (var message : finalStates.values()) {
                assertThat(message.getState()).as(message.getMessageId()).isIn(TERMINAL);
                assertThat(message.getHistoryList().stream().filter(step -> TERMINAL.contains(step.getState())))
                        .as("exactly one terminal state for %s", message.getMessageId()).hasSize(1);
            }
            Thread.sleep(1_000);
            List<String> receivedIds = new ArrayList<>();
            for (MimeMessage received : SMTP.getReceivedMessages()) {
                receivedIds.add(messageId(received));
            }
            Map<String, String> headerToKey = finalStates.keySet().stream().collect(Collectors.toMap(
                    key -> EmailChannel.messageIdHeader("acme/" + key), key -> key));
            List<String> twice = receivedIds.stream().filter(id -> receivedIds.indexOf(id) != receivedIds.lastIndexOf(id))
                    .distinct().map(id -> headerToKey.get(id) + ": " + finalStates.get(headerToKey.get(id))).toList();
            assertThat(twice).as("no e-mail received twice").isEmpty();
            Set<String> dispatched = finalStates.entrySet().stream()
                    .filter(e -> e.getValue().getState().equals("DISPATCHED")).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            Set<String> interrupted = finalStates.entrySet().stream()
                    .filter(e -> e.getValue().getState().equals("FAILED")).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            assertThat(receivedIds.stream().map(headerToKey::get).collect(Collectors.toSet()))
                    .as("everything received is a message dispatched, or one whose hand-off was interrupted")
                    .isSubsetOf(union(dispatched, interrupted))
                    .as("every dispatched message was received").containsAll(dispatched);
            assertThat(interrupted).as("at most one interrupted hand-off per dispatch thread")
                    .hasSizeLessThanOrEqualTo(THREADS);
            interrupted.forEach(key -> assertThat(finalStates.get(key).getReason()).isEqualTo(Message.INTERRUPTED));
            assertThat(dispatched.size() + interrupted.size()).isEqualTo(MESSAGES);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new java.util.HashSet<>(a);
        union.addAll(b);
        return union;
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SendMessageRequest request(String key) {
        return SendMessageRequest.newBuilder().setIdempotencyKey(key).setCustomerId("c-" + key)
                .setChannel(MessageChannel.MESSAGE_CHANNEL_EMAIL)
                .setPurpose(MessagePurpose.MESSAGE_PURPOSE_TRANSACTIONAL).setRecipient(key + "@example.com")
                .setTemplate(MessageTemplate.newBuilder().setSubject("Receipt {{ n }}").setBody("Thank you ({{ n }})."))
                .putVariables("n", key).build();
    }

    private Process start(int grpcPort, String name) throws IOException, InterruptedException {
        return ServiceProcess.start(MessagingApplication.class, grpcPort, "crash-safety-" + name,
                "--rapport.mongodb.data-dir=" + dataDir, "--spring.mail.port=" + SMTP.getSmtp().getPort(),
                // After the kill, attempts the first process had claimed are taken up again once their lease ends.
                "--rapport.messaging.delivery.lease=3s", "--rapport.messaging.delivery.threads=" + THREADS);
    }
}
