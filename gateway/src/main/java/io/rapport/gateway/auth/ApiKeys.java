package io.rapport.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The API keys the gateway accepts, held only as SHA-256 hashes: the operator's keys from configuration (the
 * bootstrap key and the key file of {@code ./rapport up}), and the keys workspaces make through the API,
 * looked up in the gateway's database and remembered for {@code rapport.api-keys.cache-ttl} (so a key revoked
 * through another gateway replica stops working within that time; through this one, at once).
 */
@Component
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final int MAX_CACHED = 100_000;

    /**
     * What a key may do, in which workspace. {@code operator} keys come from configuration and may also create
     * workspaces.
     */
    public record Grant(String workspace, Set<String> scopes, String keyId, boolean operator) {
    }

    private record Cached(Optional<Grant> grant, Instant loadedAt) {
    }

    private final Map<String, Grant> configured = new HashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final ApiKeyStore store;
    private final Duration cacheTtl;
    private final Clock clock;

    @Autowired
    public ApiKeys(ApiKeyProperties properties, ApiKeyStore store) {
        this(properties, store, Clock.systemUTC());
    }

    ApiKeys(ApiKeyProperties properties, ApiKeyStore store, Clock clock) {
        this.store = store;
        this.cacheTtl = properties.cacheTtl();
        this.clock = clock;
        if (properties.bootstrapKey() != null && !properties.bootstrapKey().isBlank()) {
            configured.put(ApiKeyStore.hash(properties.bootstrapKey()),
                    new Grant("default", Set.of("read", "write", "admin"), "bootstrap", true));
            log.info("API key: the bootstrap operator key of workspace 'default' from RAPPORT_BOOTSTRAP_API_KEY");
        }
        if (properties.keyFile() != null && Files.exists(properties.keyFile())) {
            readKeyFile(properties);
        }
        if (configured.isEmpty()) {
            log.warn("No operator API key configured: only keys made through the API will be accepted. "
                    + "Set RAPPORT_BOOTSTRAP_API_KEY or start with ./rapport up");
        }
    }

    private void readKeyFile(ApiKeyProperties properties) {
        try {
            List<String> lines = Files.readAllLines(properties.keyFile(), StandardCharsets.UTF_8);
            int number = 0;
            for (String line : lines) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.trim().split("\\s+");
                if (fields.length != 3) {
                    throw new IllegalStateException("bad line in " + properties.keyFile() + ": expected "
                            + "'<workspace> <scopes> <sha256>' but got '" + line + "'");
                }
                configured.put(fields[2].toLowerCase(),
                        new Grant(fields[0], Set.of(fields[1].split(",")), "file-line-" + number, true));
            }
            log.info("API keys: {} operator keys from {}",
                    lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count(), properties.keyFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API keys from " + properties.keyFile(), e);
        }
    }

    public Optional<Grant> grantFor(String key) {
        return grantForHash(ApiKeyStore.hash(key));
    }

    /** The grant of the key with this SHA-256 (a console session keeps the hash, never the key). */
    Optional<Grant> grantForHash(String hash) {
        Grant operator = configured.get(hash);
        if (operator != null) {
            return Optional.of(operator);
        }
        Instant now = clock.instant();
        Cached cached = cache.get(hash);
        if (cached == null || cached.loadedAt().plus(cacheTtl).isBefore(now)) {
            cached = new Cached(load(hash, now), now);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(hash, cached);
        }
        return cached.grant();
    }

    /** Forgets what this replica remembers of a key, so that its revocation here takes effect at once. */
    public void forget(String keyId) {
        cache.values().removeIf(cached -> cached.grant().map(g -> g.keyId().equals(keyId)).orElse(false));
    }

    private Optional<Grant> load(String hash, Instant now) {
        Optional<ApiKeyStore.KeyRecord> record = store.byHash(hash).filter(r -> r.usableAt(now));
        record.ifPresent(r -> store.markUsed(r.id(), now));
        return record.map(r -> new Grant(r.workspace(), r.scopes(), r.id(), false));
    }
}
