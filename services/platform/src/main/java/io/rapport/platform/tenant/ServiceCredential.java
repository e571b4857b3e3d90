package io.rapport.platform.tenant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret Rapport's own processes show each other on every gRPC call ({@code rapport-service-credential}
 * metadata): services refuse calls without it, so reaching a service's port is not enough to read a workspace's
 * data. It comes from {@code RAPPORT_INTERNAL_TOKEN} (a Kubernetes Secret); without one, from the file
 * {@code internal-token} in the data directory, made on first need, which every process sharing that directory
 * (as under {@code ./rapport up}) reads.
 */
public final class ServiceCredential {

    public static final Metadata.Key<String> KEY =
            Metadata.Key.of("rapport-service-credential", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger log = LoggerFactory.getLogger(ServiceCredential.class);

    private final String token;

    public ServiceCredential(String token) {
        if (token == null || token.length() < 16 || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the internal service token (RAPPORT_INTERNAL_TOKEN) must be at least "
                    + "16 visible ASCII characters");
        }
        this.token = token;
    }

    /** The configured token, or the one in {@code dataDirectory/internal-token}, made there if missing. */
    public static ServiceCredential resolve(String configured, Path dataDirectory) {
        if (configured != null && !configured.isBlank()) {
            return new ServiceCredential(configured.trim());
        }
        Path file = dataDirectory.resolve("internal-token");
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            log.info("Internal service credential: from {} (set RAPPORT_INTERNAL_TOKEN to share one across hosts)",
                    file);
            return new ServiceCredential(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the internal service token " + file, e);
        }
    }

    /** Writes a new token beside the file and links it into place: whoever links first wins, nobody reads half. */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Path draft = Files.createTempFile(file.toAbsolutePath().getParent(), "internal-token", ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(draft, HexFormat.of().formatHex(secret), StandardCharsets.US_ASCII);
            Files.createLink(file, draft);
        } catch (FileAlreadyExistsException e) {
            // Another process made it first: theirs it is.
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    /** Whether a call's metadata carries this credential (compared in constant time). */
    public boolean presentIn(Metadata headers) {
        String given = headers.get(KEY);
        return given != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    /** Adds the credential to every call through a channel or stub. */
    public ClientInterceptor clientInterceptor() {
        Metadata metadata = new Metadata();
        metadata.put(KEY, token);
        return MetadataUtils.newAttachHeadersInterceptor(metadata);
    }
}
