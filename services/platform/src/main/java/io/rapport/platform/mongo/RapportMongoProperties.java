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
 */
@ConfigurationProperties("rapport.mongodb")
public record RapportMongoProperties(String uri, String database, EmbeddedStorage embedded, Path dataDir) {

    public enum EmbeddedStorage { FILE, MEMORY }

    public RapportMongoProperties {
        embedded = embedded == null ? EmbeddedStorage.FILE : embedded;
        dataDir = dataDir == null ? Path.of("data") : dataDir;
    }

    public boolean useEmbedded() {
        return uri == null || uri.isBlank();
    }
}
