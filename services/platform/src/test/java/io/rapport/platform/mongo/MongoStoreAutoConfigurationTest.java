package io.rapport.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.mongodb.client.MongoDatabase;
import io.rapport.platform.testing.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which MongoDB a service gets: the one its URI names, else an embedded server in a file or in memory. */
class MongoStoreAutoConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MongoStoreAutoConfiguration.class))
            .withPropertyValues("spring.application.name=orders");

    @TempDir
    Path dataDirectory;

    @Test
    void aUriMeansThatMongoDbAndNoEmbeddedServer() {
        context.withPropertyValues("rapport.mongodb.uri=" + TestMongo.connectionString()).run(app -> {
            assertThat(app.getBean(MongoConnection.class).embeddedServer()).isNull();
            MongoDatabase database = app.getBean(MongoDatabase.class);
            assertThat(database.getName()).isEqualTo("orders");
            database.getCollection("probe").insertOne(new Document("_id", "via-uri"));
            assertThat(TestMongo.client().getDatabase("orders").getCollection("probe")
                    .countDocuments(new Document("_id", "via-uri"))).isEqualTo(1);
        });
    }

    @Test
    void withoutAUriTheServiceKeepsItsDataInAFileUnderTheDataDirectory() throws Exception {
        context.withPropertyValues("rapport.mongodb.data-dir=" + dataDirectory).run(app -> {
            MongoConnection connection = app.getBean(MongoConnection.class);
            assertThat(connection.embeddedServer()).isNotNull();
            assertThat(connection.embeddedServer().dataFile()).isEqualTo(dataDirectory.resolve("orders/mongo.mv.db"));
            app.getBean(MongoDatabase.class).getCollection("probe").insertOne(new Document("_id", 1));
        });
        assertThat(Files.size(dataDirectory.resolve("orders/mongo.mv.db"))).isPositive();
        context.withPropertyValues("rapport.mongodb.data-dir=" + dataDirectory).run(app ->
                assertThat(app.getBean(MongoDatabase.class).getCollection("probe").countDocuments()).isEqualTo(1));
    }

    @Test
    void testsCanAskForMemory() {
        context.withPropertyValues("rapport.mongodb.embedded=memory", "rapport.mongodb.data-dir=" + dataDirectory)
                .run(app -> {
                    assertThat(app.getBean(MongoConnection.class).embeddedServer().dataFile()).isNull();
                    assertThat(Files.exists(dataDirectory.resolve("orders"))).isFalse();
                });
    }

    @Test
    void thePageCacheHasBounds() {
        context.withPropertyValues("rapport.mongodb.data-dir=" + dataDirectory, "rapport.mongodb.cache-size-mb=64")
                .run(app -> assertThat(app).hasNotFailed());
        context.withPropertyValues("rapport.mongodb.data-dir=" + dataDirectory, "rapport.mongodb.cache-size-mb=0")
                .run(app -> assertThat(app).hasFailed().getFailure()
                        .hasStackTraceContaining("rapport.mongodb.cache-size-mb must be 1-65536, not 0"));
    }
}
