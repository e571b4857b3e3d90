package io.rapport.messaging.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.rapport.messaging.MessagingApplication;
import io.rapport.platform.testing.ServiceProcess;
import io.rapport.proto.messaging.v1.MessageChannel;
import io.rapport.proto.messaging.v1.MessagePurpose;
import io.rapport.proto.messaging.v1.MessageTemplate;
import io.rapport.proto.messaging.v1.SendMessageRequest;
import jakarta.mail.MessagingException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two messaging processes on one store (the second uses the first's MongoDB-wire server, as replicas share a
 * MongoDB): they split the tracking processors' segments between them through token claims, messages sent to
 * either go out once each, and when one is killed the other takes its segments over and goes on sending.
 */
class ScaleOutIT {

    private static final Pattern STORE = Pattern.compile("embedded MongoDB-wire server at (mongodb://[0-9.:]+)");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path dataDir;

    @Test
    void twoReplicasShareTheSegmentsAndOneTakesOverWhenTheOtherStops() throws Exception {
        int firstPort = ServiceProcess.freePort();
        Process first = start(firstPort, "first", "--rapport.mongodb.data-dir=" + dataDir);
        Process second = null;
        String uri = awaitLog("first", STORE);
        try (MongoClient store = MongoClients.create(uri);
             MessagingTestClient viaFirst = new MessagingTestClient(firstPort, "acme")) {
            int secondPort = ServiceProcess.freePort();
            second = start(secondPort, "second", "--rapport.mongodb.uri=" + uri);
            var tokens = store.getDatabase("messaging").getCollection("trackingtokens");
            Predicate<Map<Long, String>> split = owners -> owners.size() == 2 && !owners.containsValue(null)
                    && Set.copyOf(owners.values()).size() == 2;
            Map<Long, String> owners = awaitOwners(tokens, split, "each replica owns one segment of message-dispatch");
            long secondPid = second.pid();
            assertThat(owners.values()).anyMatch(owner -> owner.startsWith(first.pid() + "@"))
                    .anyMatch(owner -> owner.startsWith(secondPid + "@"));

            try (MessagingTestClient viaSecond = new MessagingTestClient(secondPort, "acme")) {
                for (int i = 0; i < 40; i++) {
                    (i % 2 == 0 ? viaFirst : viaSecond).stub().sendMessage(request("shared-" + i));
                }
            }
            awaitMails(40);

            second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            awaitOwners(tokens, o -> o.size() == 2 && o.values().stream().allMatch(owner ->
                    owner != null && owner.startsWith(first.pid() + "@")), "the first replica owns both segments");
            for (int i = 0; i < 10; i++) {
                viaFirst.stub().sendMessage(request("alone-" + i));
            }
            List<String> subjects = awaitMails(50);
            assertThat(subjects).as("every message once").doesNotHaveDuplicates();
        } finally {
            if (second != null) {
                second.destroyForcibly();
            }
            first.destroy();
            first.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** The owner of each segment of message-dispatch once {@code until} holds, waiting up to 90 s. */
    private static Map<Long, String> awaitOwners(com.mongodb.client.MongoCollection<Document> tokens,
                                                 Predicate<Map<Long, String>> until, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Map<Long, String> owners;
        do {
            owners = new java.util.TreeMap<>();
            for (Document token : tokens.find(Filters.eq("processorName", "message-dispatch"))) {
                owners.put(((Number) token.get("segment")).longValue(), token.getString("owner"));
            }
            if (until.test(owners)) {
                return owners;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + ": owners are " + owners);
    }

    private static List<String> awaitMails(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (SMTP.getReceivedMessages().length < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<String> subjects = Arrays.stream(SMTP.getReceivedMessages()).map(mail -> {
            try {
                return mail.getSubject();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toCollection(ArrayList::new));
        assertThat(subjects).as("mails received").hasSize(count);
        return subjects;
    }

    private static SendMessageRequest request(String key) {
        return SendMessageRequest.newBuilder().setIdempotencyKey(key).setCustomerId("c-" + key)
                .setChannel(MessageChannel.MESSAGE_CHANNEL_EMAIL)
                .setPurpose(MessagePurpose.MESSAGE_PURPOSE_TRANSACTIONAL).setRecipient(key + "@example.com")
                .setTemplate(MessageTemplate.newBuilder().setSubject("Receipt " + key).setBody("Thank you.")).build();
    }

    private String awaitLog(String name, Pattern pattern) throws Exception {
        Path log = ServiceProcess.log("scale-out-" + name);
        for (int i = 0; i < 100; i++) {
            Matcher found = pattern.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (found.find()) {
                return found.group(1);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no '" + pattern + "' in " + log.toAbsolutePath());
    }

    private Process start(int grpcPort, String name, String store) throws IOException, InterruptedException {
        return ServiceProcess.start(MessagingApplication.class, grpcPort, "scale-out-" + name, store,
                "--spring.mail.port=" + SMTP.getSmtp().getPort(), "--rapport.processors.balance-interval=1s");
    }
}
