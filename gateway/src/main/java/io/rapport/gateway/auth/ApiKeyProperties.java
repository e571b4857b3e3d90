package io.rapport.gateway.auth;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where API keys come from until workspaces manage their own.
 *
 * @param bootstrapKey the admin key of workspace {@code default} (env {@code RAPPORT_BOOTSTRAP_API_KEY}); only its
 *                     hash is kept
 * @param keyFile      lines of {@code <workspace> <scope,scope> <sha-256 hex of the key>}, as {@code ./rapport up}
 *                     writes them
 */
@ConfigurationProperties("rapport.api-keys")
public record ApiKeyProperties(String bootstrapKey, Path keyFile) {
}
