package io.rapport.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The API keys the gateway accepts, held only as SHA-256 hashes. */
@Component
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    /** What a key may do, in which workspace. */
    public record Grant(String workspace, Set<String> scopes) {
    }

    private final Map<String, Grant> grantsByHash = new HashMap<>();

    public ApiKeys(ApiKeyProperties properties) {
        if (properties.bootstrapKey() != null && !properties.bootstrapKey().isBlank()) {
            grantsByHash.put(hash(properties.bootstrapKey()), new Grant("default", Set.of("read", "write", "admin")));
            log.info("API key: the bootstrap admin key of workspace 'default' from RAPPORT_BOOTSTRAP_API_KEY");
        }
        if (properties.keyFile() != null && Files.exists(properties.keyFile())) {
            readKeyFile(properties);
        }
        if (grantsByHash.isEmpty()) {
            log.warn("No API keys configured: every request will be refused with 401. "
                    + "Set RAPPORT_BOOTSTRAP_API_KEY or start with ./rapport up");
        }
    }

    private void readKeyFile(ApiKeyProperties properties) {
        try {
            List<String> lines = Files.readAllLines(properties.keyFile(), StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] fields = line.trim().split("\\s+");
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (fields.length != 3) {
                    throw new IllegalStateException("bad line in " + properties.keyFile() + ": expected "
                            + "'<workspace> <scopes> <sha256>' but got '" + line + "'");
                }
                grantsByHash.put(fields[2].toLowerCase(), new Grant(fields[0], Set.of(fields[1].split(","))));
            }
            log.info("API keys: {} from {}", lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count(),
                    properties.keyFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API keys from " + properties.keyFile(), e);
        }
    }

    public Optional<Grant> grantFor(String key) {
        return Optional.ofNullable(grantsByHash.get(hash(key)));
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
