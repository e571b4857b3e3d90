package io.rapport.platform.mongo;

import com.mongodb.ConnectionString;

/**
 * How a service reaches its MongoDB, and the embedded server it owns when it started one.
 * Closing it stops that server, after the client that used it.
 */
public record MongoConnection(ConnectionString uri, String database, EmbeddedMongoServer embeddedServer)
        implements AutoCloseable {

    @Override
    public void close() {
        if (embeddedServer != null) {
            embeddedServer.close();
        }
    }
}
