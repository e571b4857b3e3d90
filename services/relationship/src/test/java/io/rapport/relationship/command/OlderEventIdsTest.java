package io.rapport.relationship.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.rapport.platform.mongo.EmbeddedMongoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OlderEventIdsTest {

    @Test
    void idsAreHeldOncePerCustomerAndLookedUpByKeyOnTheFileBackedStore(@TempDir Path directory) {
        try (EmbeddedMongoServer file = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(file.connectionString())) {
            OlderEventIds ids = new OlderEventIds(client.getDatabase("shape"));
            ids.hold("acme/ada", List.of("e1", "e2"));
            ids.hold("acme/ada", List.of("e2", "e3"));
            ids.hold("acme/bob", List.of("e1"));

            assertThat(ids.held("acme/ada", List.of("e1", "e3", "e4"))).containsExactlyInAnyOrder("e1", "e3");
            assertThat(ids.held("acme/bob", List.of("e2", "e1"))).containsExactly("e1");
            assertThat(ids.held("acme/cy", List.of("e1"))).isEmpty();
            assertThat(file.collectionScans()).as("whole reads of the ids")
                    .containsEntry("shape.interaction_event_ids", 0L);
        }
    }
}
