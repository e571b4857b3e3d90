package io.rapport.campaign.query;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import io.rapport.campaign.api.FindJourneyQuery;
import io.rapport.campaign.api.JourneyActivatedEvent;
import io.rapport.campaign.api.JourneyCreatedEvent;
import io.rapport.campaign.api.JourneyDefinition;
import io.rapport.campaign.api.JourneyPage;
import io.rapport.campaign.api.JourneyStoppedEvent;
import io.rapport.campaign.api.JourneyUpdatedEvent;
import io.rapport.campaign.api.JourneyView;
import io.rapport.campaign.api.ListJourneysQuery;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The workspaces' journeys ({@code journeys}), updated in the unit of work of the command that changed them (a
 * subscribing processor), so a journey reads back as soon as it is created or activated.
 */
@ProcessingGroup(JourneyProjection.PROCESSING_GROUP)
public class JourneyProjection {

    public static final String PROCESSING_GROUP = "journeys";

    /** The state a journey ends in: its entry in {@code journeys_by_status} is dated when it stopped. */
    private static final Set<String> ENDED = Set.of("STOPPED");

    private final MongoCollection<Document> journeys;
    private final StatusIndex byStatus;

    public JourneyProjection(MongoDatabase database) {
        this.journeys = database.getCollection("journeys");
        // A journey stopped before the stop was dated: its last update is when it stopped.
        this.byStatus = new StatusIndex(database.getCollection("journeys_by_status"), journeys, ENDED,
                document -> Definitions.instant(document, "updatedAt"));
    }

    @EventHandler
    void on(JourneyCreatedEvent event) {
        byStatus.created(new Document("_id", event.journeyId()).append("tenant", event.tenant())
                .append("definition", Definitions.json(event.definition())).append("status", "DRAFT")
                .append("createdAt", Date.from(event.at())).append("updatedAt", Date.from(event.at()))
                .append("revision", 1L));
    }

    @EventHandler
    void on(JourneyUpdatedEvent event) {
        update(event.journeyId(), event.at(), Updates.combine(
                Updates.set("definition", Definitions.json(event.definition())), Updates.inc("revision", 1L)));
    }

    @EventHandler
    void on(JourneyActivatedEvent event) {
        byStatus.enter(event.journeyId(), event.tenant(), "ACTIVE", event.at(),
                Updates.set("activatedAt", Date.from(event.at())));
    }

    @EventHandler
    void on(JourneyStoppedEvent event) {
        byStatus.enter(event.journeyId(), event.tenant(), "STOPPED", event.at(), Updates.set("stoppedAt",
                Date.from(event.at())));
    }

    private void update(String journeyId, Instant at, Bson update) {
        journeys.updateOne(eq("_id", journeyId), Updates.combine(update, Updates.set("updatedAt", Date.from(at))));
    }

    /** Journeys in {@code state}, of every workspace. */
    public List<JourneyView> inStatus(String state) {
        return views(byStatus.in(state));
    }

    /** The workspace's journeys in the live {@code state} (draft, active). */
    public List<JourneyView> inStatus(String state, String tenant) {
        return views(byStatus.in(state, tenant));
    }

    /** The workspace's journeys that stopped at or after {@code since}. */
    public List<JourneyView> stoppedSince(String tenant, Instant since) {
        return views(byStatus.endedSince("STOPPED", tenant, since));
    }

    private static List<JourneyView> views(List<Document> documents) {
        List<JourneyView> views = new ArrayList<>(documents.size());
        documents.forEach(document -> views.add(view(document)));
        return views;
    }

    /** A journey by internal id ({@code tenant/id}), or null. */
    public JourneyView find(String journeyId) {
        Document found = journeys.find(eq("_id", journeyId)).first();
        return found == null ? null : view(found);
    }

    @QueryHandler
    public JourneyView handle(FindJourneyQuery query) {
        return find(query.journeyId());
    }

    @QueryHandler
    public JourneyPage handle(ListJourneysQuery query) {
        WorkspacePages.Page<JourneyView> page = WorkspacePages.page(journeys, query.tenant(), query.after(),
                                                                    query.pageSize(),
                JourneyProjection::view, JourneyView::journeyId);
        return new JourneyPage(page.items(), page.next());
    }

    private static JourneyView view(Document document) {
        String id = document.getString("_id");
        String tenant = document.getString("tenant");
        return new JourneyView(id.substring(tenant.length() + 1), tenant,
                Definitions.read(document.getString("definition"), JourneyDefinition.class),
                document.getString("status"), Definitions.instant(document, "createdAt"),
                Definitions.instant(document, "updatedAt"), Definitions.instant(document, "activatedAt"),
                document.getLong("revision"));
    }
}
