package io.rapport.campaign.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.rapport.campaign.api.CampaignCompletedEvent;
import io.rapport.campaign.api.CampaignCreatedEvent;
import io.rapport.campaign.api.CampaignScheduledEvent;
import io.rapport.campaign.api.CampaignStartedEvent;
import io.rapport.campaign.api.CampaignView;
import io.rapport.campaign.api.JourneyActivatedEvent;
import io.rapport.campaign.api.JourneyCreatedEvent;
import io.rapport.campaign.api.JourneyStoppedEvent;
import io.rapport.campaign.api.JourneyView;
import io.rapport.campaign.api.Samples;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.query.CampaignProjection;
import io.rapport.campaign.query.JourneyProjection;
import io.rapport.platform.mongo.EmbeddedMongoServer;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer's change asks which campaigns and journeys of their workspace may hold their outcomes: the running ones
 * and those that ended within the longest goal window. On the default file-backed store that is a range of keys of
 * one workspace, never a read of every campaign of every workspace (which a change did before, per customer).
 */
class CampaignOutcomesTest {

    private static final Instant NOW = Instant.now();

    @TempDir
    Path directory;

    @Test
    void aCustomersOpenCampaignsAreTheirWorkspacesRunningAndLatelyCompletedOnesReadByKey() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("campaign");
            CampaignProjection campaigns = new CampaignProjection(database);
            AnnotationEventHandlerAdapter projection = new AnnotationEventHandlerAdapter(campaigns);
            running(projection, "acme", "spring");
            completed(projection, "acme", "autumn", NOW.minus(Duration.ofDays(3))); // in its 7-day goal window
            completed(projection, "acme", "summer", NOW.minus(Duration.ofDays(30))); // its window closed
            completed(projection, "acme", "winter", NOW.minus(Duration.ofDays(200)));
            created(projection, "acme", "draft");
            running(projection, "globex", "rival");
            projection.handle(GenericEventMessage.asEventMessage(new CampaignScheduledEvent(
                    WorkspaceIds.of("acme", "later"), "acme", NOW.plusSeconds(3600), NOW)));

            assertThat(new CampaignOutcomes(campaigns).outcomeIds("acme", "ann"))
                    .containsExactlyInAnyOrder("acme/spring|ann", "acme/autumn|ann");
            assertThat(campaigns.inStatus("RUNNING")).extracting(CampaignView::campaignId)
                    .containsExactlyInAnyOrder("spring", "rival");
            assertThat(campaigns.inStatus("RUNNING", "globex")).extracting(CampaignView::campaignId)
                    .containsExactly("rival");
            assertThat(campaigns.inStatus("DRAFT", "acme")).as("never scheduled")
                    .extracting(CampaignView::campaignId).containsExactly("draft");
            var byStatus = database.getCollection("campaigns_by_status");
            assertThat(byStatus.countDocuments())
                    .as("an entry per campaign (one for later, whose campaign does not exist) and the mark")
                    .isEqualTo(8);
            assertThat(campaigns.inStatus("SCHEDULED")).as("later does not exist").isEmpty();
            assertThat(byStatus.countDocuments()).as("perhaps being created: kept").isEqualTo(8);

            // A crash between the writes of a move left an entry the campaign has moved past since: removed when read.
            byStatus.insertOne(new Document("_id", "SCHEDULED/acme/-/acme/spring").append("of", "acme/spring")
                    .append("statusMoves", 1L));
            assertThat(campaigns.inStatus("SCHEDULED", "acme")).isEmpty();
            assertThat(byStatus.countDocuments()).isEqualTo(8);

            assertThat(server.collectionScans()).as("whole reads")
                    .containsEntry("campaign.campaigns", 0L) // empty at the one look, when it started
                    .containsEntry("campaign.campaigns_by_status", 3L); // the test's own three counts above
        }
    }

    /**
     * A start moves a campaign's entry in two writes: the RUNNING entry is added, then the document names it. A runner
     * reading between the two must leave the new entry be: removing it (as it once did) lost the campaign for good.
     */
    @Test
    void aReaderBetweenTheTwoWritesOfAMoveKeepsTheNewEntry() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("campaign");
            CampaignProjection campaigns = new CampaignProjection(database);
            created(new AnnotationEventHandlerAdapter(campaigns), "acme", "spring");
            String entry = "RUNNING/acme/-/acme/spring";
            database.getCollection("campaigns_by_status").insertOne(new Document("_id", entry)
                    .append("of", "acme/spring").append("statusMoves", 2L)); // the move's first write

            assertThat(campaigns.inStatus("RUNNING")).as("the document does not name it yet").isEmpty();
            database.getCollection("campaigns").updateOne(Filters.eq("_id", "acme/spring"), Updates.combine(
                    Updates.set("status", "RUNNING"), Updates.set("statusKey", entry),
                    Updates.set("statusMoves", 2L))); // the move's second write
            assertThat(campaigns.inStatus("RUNNING")).extracting(CampaignView::campaignId).containsExactly("spring");
        }
    }

    @Test
    void aCustomersOpenJourneysAreTheActiveOnesAndThoseStoppedLately() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("campaign");
            JourneyProjection journeys = new JourneyProjection(database);
            AnnotationEventHandlerAdapter projection = new AnnotationEventHandlerAdapter(journeys);
            journey(projection, "acme", "welcome", null);
            journey(projection, "acme", "win-back", NOW.minus(Duration.ofDays(10)));
            journey(projection, "acme", "old", NOW.minus(Duration.ofDays(120)));
            journey(projection, "globex", "rival", null);

            assertThat(journeys.inStatus("ACTIVE", "acme")).extracting(JourneyView::journeyId)
                    .containsExactly("welcome");
            assertThat(journeys.stoppedSince("acme", NOW.minus(Duration.ofDays(91))))
                    .extracting(JourneyView::journeyId).containsExactly("win-back");
            assertThat(journeys.inStatus("STOPPED")).extracting(JourneyView::journeyId)
                    .containsExactlyInAnyOrder("win-back", "old");
            assertThat(server.collectionScans()).as("whole reads")
                    .containsEntry("campaign.journeys", 0L)
                    .containsEntry("campaign.journeys_by_status", 0L);
        }
    }

    @Test
    void campaignsOfAStoreFromBeforeTheIndexAreIndexedOnce() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("campaign");
            AnnotationEventHandlerAdapter projection = new AnnotationEventHandlerAdapter(
                    new CampaignProjection(database));
            running(projection, "acme", "spring");
            completed(projection, "acme", "autumn", NOW.minus(Duration.ofDays(3)));
            // As a store written before the index: documents without their entry's key, and no index.
            database.getCollection("campaigns").updateMany(new Document(),
                    new Document("$unset", new Document("statusKey", "")));
            database.getCollection("campaigns_by_status").drop();

            CampaignProjection reopened = new CampaignProjection(database);
            assertThat(new CampaignOutcomes(reopened).outcomeIds("acme", "bo"))
                    .containsExactlyInAnyOrder("acme/spring|bo", "acme/autumn|bo");
            long scans = server.collectionScans().get("campaign.campaigns");
            new CampaignProjection(database); // a restart: read once, not again
            assertThat(server.collectionScans().get("campaign.campaigns")).isEqualTo(scans);
        }
    }

    private static void created(AnnotationEventHandlerAdapter projection, String tenant, String id) throws Exception {
        projection.handle(GenericEventMessage.asEventMessage(new CampaignCreatedEvent(WorkspaceIds.of(tenant, id),
                tenant, Samples.CAMPAIGN, NOW.minus(Duration.ofDays(365)))));
    }

    private static void running(AnnotationEventHandlerAdapter projection, String tenant, String id) throws Exception {
        created(projection, tenant, id);
        projection.handle(GenericEventMessage.asEventMessage(new CampaignStartedEvent(WorkspaceIds.of(tenant, id),
                tenant, NOW.minus(Duration.ofDays(1)))));
    }

    private static void completed(AnnotationEventHandlerAdapter projection, String tenant, String id, Instant at)
            throws Exception {
        running(projection, tenant, id);
        projection.handle(GenericEventMessage.asEventMessage(new CampaignCompletedEvent(WorkspaceIds.of(tenant, id),
                tenant, at)));
    }

    private static void journey(AnnotationEventHandlerAdapter projection, String tenant, String id, Instant stopped)
            throws Exception {
        String journeyId = WorkspaceIds.of(tenant, id);
        projection.handle(GenericEventMessage.asEventMessage(new JourneyCreatedEvent(journeyId, tenant,
                Samples.JOURNEY, NOW.minus(Duration.ofDays(365)))));
        projection.handle(GenericEventMessage.asEventMessage(new JourneyActivatedEvent(journeyId, tenant,
                NOW.minus(Duration.ofDays(300)))));
        if (stopped != null) {
            projection.handle(GenericEventMessage.asEventMessage(new JourneyStoppedEvent(journeyId, tenant,
                    stopped)));
        }
    }
}
