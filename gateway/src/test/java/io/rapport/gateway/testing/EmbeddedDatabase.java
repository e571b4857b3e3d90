package io.rapport.gateway.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.rapport.platform.mongo.EmbeddedMongoServer;

/** The gateway's database on an in-memory embedded MongoDB-wire server, for tests of one class. */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedMongoServer server = EmbeddedMongoServer.inMemory();
    private final MongoClient client = MongoClients.create(server.connectionString());

    public MongoDatabase database() {
        return client.getDatabase("gateway");
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
