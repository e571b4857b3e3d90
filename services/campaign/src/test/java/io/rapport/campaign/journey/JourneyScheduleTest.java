package io.rapport.campaign.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.rapport.campaign.api.Goal;
import io.rapport.campaign.api.JourneyActivatedEvent;
import io.rapport.campaign.api.JourneyCreatedEvent;
import io.rapport.campaign.api.JourneyDefinition;
import io.rapport.campaign.api.SegmentMembershipChangedEvent;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.query.JourneyProjection;
import io.rapport.platform.mongo.EmbeddedMongoServer;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journey runner's schedule on the default file-backed store: due runs and waiting entries come in time order,
 * each once, and no step reads a whole collection however many runs and entries there are (only the one look at a
 * store's earlier runs and entries, the first time their due index is opened).
 */
class JourneyScheduleTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path directory;

    @Test
    void dueRunsComeSoonestFirstOnceAndNotWhenEndedOrSetLater() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("campaign");
            JourneyRuns runs = new JourneyRuns(database);
            runs.started("acme", "acme/welcome", "ann", 1, NOW.minusSeconds(30));
            runs.started("acme", "acme/welcome", "bob", 1, NOW.minusSeconds(20));
            runs.started("acme", "acme/welcome", "cem", 1, NOW.plusSeconds(60));
            runs.started("acme", "acme/welcome-back", "dee", 1, NOW.minusSeconds(10));
            runs.started("acme", "acme/welcome", "ann", 1, NOW); // repeated after a crash: still one run, due once

            assertThat(ids(runs.due(NOW, 10))).containsExactly("acme/welcome|ann|1", "acme/welcome|bob|1",
                    "acme/welcome-back|dee|1");
            assertThat(ids(runs.due(NOW, 2))).containsExactly("acme/welcome|ann|1", "acme/welcome|bob|1");

            runs.reschedule("acme/welcome|ann|1", NOW.plusSeconds(120));
            Document bob = runs.due(NOW, 10).get(0);
            runs.ended(bob, "COMPLETED");
            assertThat(ids(runs.due(NOW, 10))).containsExactly("acme/welcome-back|dee|1");
            assertThat(ids(runs.due(NOW.plusSeconds(120), 10))).containsExactly("acme/welcome-back|dee|1",
                    "acme/welcome|cem|1", "acme/welcome|ann|1");
            assertThat(database.getCollection("journey_runs_due").countDocuments())
                    .as("entries of ended and rescheduled runs are gone once read (and the backfill mark)")
                    .isEqualTo(4);

            runs.wakeAll("acme/welcome");
            assertThat(ids(runs.due(Instant.now(), 10))).as("a stopped journey's active runs are due at once")
                    .containsExactlyInAnyOrder("acme/welcome-back|dee|1", "acme/welcome|cem|1", "acme/welcome|ann|1");
            assertThat(ids(runs.page("acme/welcome", null, null, 10))).containsExactly("acme/welcome|ann|1",
                    "acme/welcome|bob|1", "acme/welcome|cem|1");
            assertThat(ids(runs.page("acme/welcome", "cem", null, 10))).containsExactly("acme/welcome|cem|1");
            assertThat(ids(runs.page("acme/welcome", null, "acme/welcome|ann|1", 1)))
                    .containsExactly("acme/welcome|bob|1");
            assertThat(runs.all("acme/welcome")).hasSize(3);

            new JourneyRuns(database); // a restart: the store's runs were indexed once, not again
            assertThat(server.collectionScans()).as("whole reads")
                    .containsEntry("campaign.journey_runs", 0L) // empty at the one look, when it started
                    .containsEntry("campaign.journey_runs_due", 1L); // the test's own count above
        }
    }

    @Test
    void runsOfAStoreFromBeforeTheDueIndexAreIndexedOnce() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("campaign");
            database.getCollection("journey_runs").insertMany(List.of(
                    new Document("_id", "acme/j|old|1").append("journey", "acme/j").append("state", "ACTIVE")
                            .append("dueAt", java.util.Date.from(NOW.minusSeconds(5))),
                    new Document("_id", "acme/j|done|1").append("journey", "acme/j").append("state", "COMPLETED")
                            .append("dueAt", java.util.Date.from(NOW.minusSeconds(5)))));
            assertThat(ids(new JourneyRuns(database).due(NOW, 10))).containsExactly("acme/j|old|1");
        }
    }

    @Test
    void waitingEntriesComeOldestFirstOnceAndGoWhenDone() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("campaign");
            JourneyProjection journeys = new JourneyProjection(database);
            AnnotationEventHandlerAdapter projection = new AnnotationEventHandlerAdapter(journeys);
            JourneyDefinition definition = new JourneyDefinition("Welcome",
                    new JourneyDefinition.Entry("new", null, false, "NEVER", null),
                    List.of(new JourneyDefinition.Step("w", "wait", null, null, java.time.Duration.ofDays(1), null,
                            null, null)), Goal.DEFAULT);
            String journeyId = WorkspaceIds.of("acme", "welcome");
            projection.handle(GenericEventMessage.asEventMessage(
                    new JourneyCreatedEvent(journeyId, "acme", definition, NOW.minusSeconds(60))));
            projection.handle(GenericEventMessage.asEventMessage(
                    new JourneyActivatedEvent(journeyId, "acme", NOW.minusSeconds(60))));
            JourneyEntries entries = new JourneyEntries(journeys, null, database);

            EventMessage<SegmentMembershipChangedEvent> joined = GenericEventMessage.asEventMessage(
                    new SegmentMembershipChangedEvent(WorkspaceIds.of("acme", "new"), "acme", List.of("ann", "bob"),
                            List.of(), NOW));
            entries.on(joined.getPayload(), joined);
            entries.on(joined.getPayload(), joined); // the same event again: the same entries
            List<Document> waiting = entries.waiting(10);
            assertThat(waiting).extracting(d -> d.getString("customer")).containsExactly("ann", "bob");

            entries.done(waiting.get(0), "entered run 1");
            assertThat(entries.waiting(10)).extracting(d -> d.getString("customer")).containsExactly("bob");
            entries.on(joined.getPayload(), joined); // seen once more after one was done: not queued again
            assertThat(entries.waiting(10)).extracting(d -> d.getString("customer")).containsExactly("bob");
            assertThat(server.collectionScans()).as("whole reads")
                    .containsEntry("campaign.journey_entries", 0L) // empty at the one look, when it started
                    .containsEntry("campaign.journey_entries_new", 0L);
        }
    }

    private static List<String> ids(Iterable<Document> documents) {
        List<String> ids = new java.util.ArrayList<>();
        documents.forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }
}
