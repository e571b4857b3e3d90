package io.rapport.gateway.auth;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator's API keys, and how long a replica may trust what it read about a key made through the API.
 *
 * @param bootstrapKey the operator key of workspace {@code default} (env {@code RAPPORT_BOOTSTRAP_API_KEY}); only
 *                     its hash is kept
 * @param keyFile      lines of {@code <workspace> <scope,scope> <sha-256 hex of the key>}, as {@code ./rapport up}
 *                     writes them; operator keys too
 * @param cacheTtl     how long a looked-up key is remembered (5 s): the longest a key revoked through another
 *                     replica keeps working
 */
@ConfigurationProperties("rapport.api-keys")
public record ApiKeyProperties(String bootstrapKey, Path keyFile, Duration cacheTtl) {

    public ApiKeyProperties {
        cacheTtl = cacheTtl == null ? Duration.ofSeconds(5) : cacheTtl;
    }
}
