package io.rapport.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class InboundSignaturesTest {

    private final InboundSignatures signatures = new InboundSignatures("service-key");
    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final String timestamp = Long.toString(now.getEpochSecond());
    private final byte[] body = "{\"id\":\"1\",\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aBodySignedWithTheWorkspacesSecretIsTrusted() {
        assertThat(signatures.problem("acme", timestamp, body, signatures.sign("acme", timestamp, body), now)).isNull();
    }

    @Test
    void aChangedBodyAnotherWorkspacesSecretOrAnOldTimestampIsRefused() {
        String signature = signatures.sign("acme", timestamp, body);
        byte[] changed = "{\"id\":\"1\",\"text\":\"hellO\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(signatures.problem("acme", timestamp, changed, signature, now)).contains("does not match");
        assertThat(signatures.problem("globex", timestamp, body, signature, now)).contains("does not match");
        assertThat(signatures.problem("acme", timestamp, body, signature, now.plusSeconds(301)))
                .contains("5 minutes");
        assertThat(signatures.problem("acme", "yesterday", body, signature, now)).contains("seconds since the epoch");
        assertThat(signatures.problem("acme", timestamp, body, null, now)).contains("does not match");
    }

    @Test
    void workspacesHaveDifferentSecrets() {
        assertThat(signatures.secret("acme")).isNotEqualTo(signatures.secret("globex")).hasSize(64);
        assertThat(new InboundSignatures("rotated-key").secret("acme")).isNotEqualTo(signatures.secret("acme"));
    }
}
