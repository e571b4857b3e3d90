package io.rapport.messaging.inbound;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import io.rapport.platform.crypto.Digests;

/**
 * Webhooks from providers are signed like Rapport's own requests to them: {@code v1=} hex HMAC-SHA256 of
 * {@code timestamp + "." + body}, with a secret per workspace (derived from the service's signing key, so
 * nothing is stored and rotating the key rotates every secret). A timestamp more than five minutes off is refused,
 * so a captured request cannot be replayed later.
 */
public class InboundSignatures {

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] signingKey;

    public InboundSignatures(String signingKey) {
        this.signingKey = signingKey.getBytes(StandardCharsets.UTF_8);
    }

    /** The secret a workspace's providers sign with. */
    public String secret(String tenant) {
        return HexFormat.of().formatHex(Digests.hmacSha256(signingKey,
                ("inbound\n" + tenant).getBytes(StandardCharsets.UTF_8)));
    }

    /** The signature header a body sent at {@code timestamp} carries. */
    public String sign(String tenant, String timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1=" + HexFormat.of().formatHex(Digests.hmacSha256(
                secret(tenant).getBytes(StandardCharsets.UTF_8), signed));
    }

    /** Why the request is not to be trusted, or null when it is. */
    public String problem(String tenant, String timestamp, byte[] body, String signature, Instant now) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "X-Rapport-Timestamp: seconds since the epoch required";
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return "X-Rapport-Timestamp: more than " + TOLERANCE.toMinutes() + " minutes from now";
        }
        if (!Digests.sameSignature(sign(tenant, timestamp.strip(), body), signature == null ? null : signature.strip())) {
            return "X-Rapport-Signature: does not match the body (signed with the workspace's inbound secret?)";
        }
        return null;
    }
}
