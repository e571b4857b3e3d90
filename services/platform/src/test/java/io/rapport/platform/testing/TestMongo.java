package io.rapport.platform.testing;

import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.rapport.platform.mongo.EmbeddedMongoServer;

/**
 * One in-memory embedded MongoDB-wire server per test JVM, reached through the real driver; each test takes a
 * fresh database so tests never see each other's data.
 */
public final class TestMongo {

    private static EmbeddedMongoServer server;
    private static MongoClient client;

    private TestMongo() {
    }

    public static synchronized MongoClient client() {
        if (client == null) {
            server = EmbeddedMongoServer.inMemory();
            client = MongoClients.create(server.connectionString());
        }
        return client;
    }

    public static synchronized String connectionString() {
        client();
        return server.connectionString();
    }

    public static MongoDatabase freshDatabase() {
        return client().getDatabase("test-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
