package io.rapport.platform.mongo;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a service keeps its data. With no {@code uri} (env {@code RAPPORT_MONGODB_URI}) the service starts
 * an embedded server, file-backed under {@code <data dir>/<service>} unless {@code embedded} says memory.
 *
 * @param uri      a {@code mongodb://} URI of a real MongoDB; empty for the embedded server
 * @param database the service's own database; defaults to the application name
 * @param embedded {@code file} or {@code memory}, used only without a URI
 * @param dataDir  the root data directory of the embedded file store (env {@code RAPPORT_DATA_DIR})
 * @param cacheSizeMb the embedded file store's page cache, in MB (its data lives on disk; this is what it keeps
 *                    of it in the heap)
 */
@ConfigurationProperties("rapport.mongodb")
public record RapportMongoProperties(String uri, String database, EmbeddedStorage embedded, Path dataDir,
                                     Integer cacheSizeMb) {

    public enum EmbeddedStorage { FILE, MEMORY }

    public RapportMongoProperties {
        embedded = embedded == null ? EmbeddedStorage.FILE : embedded;
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        cacheSizeMb = cacheSizeMb == null ? EmbeddedMongoServer.DEFAULT_CACHE_MB : cacheSizeMb;
        if (cacheSizeMb < 1 || cacheSizeMb > 65_536) {
            throw new IllegalArgumentException("rapport.mongodb.cache-size-mb must be 1-65536, not " + cacheSizeMb);
        }
    }

    public boolean useEmbedded() {
        return uri == null || uri.isBlank();
    }
}
