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
import io.rapport.campaign.api.CampaignAudienceFixedEvent;
import io.rapport.campaign.api.CampaignCancelledEvent;
import io.rapport.campaign.api.CampaignCompletedEvent;
import io.rapport.campaign.api.CampaignCreatedEvent;
import io.rapport.campaign.api.CampaignDefinition;
import io.rapport.campaign.api.CampaignPage;
import io.rapport.campaign.api.CampaignScheduledEvent;
import io.rapport.campaign.api.CampaignStartedEvent;
import io.rapport.campaign.api.CampaignUpdatedEvent;
import io.rapport.campaign.api.CampaignView;
import io.rapport.campaign.api.FindCampaignQuery;
import io.rapport.campaign.api.ListCampaignsQuery;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The workspaces' campaigns ({@code campaigns}), updated in the unit of work of the command that changed them (a
 * subscribing processor), so a campaign reads back as soon as it is created or scheduled.
 */
@ProcessingGroup(CampaignProjection.PROCESSING_GROUP)
public class CampaignProjection {

    public static final String PROCESSING_GROUP = "campaigns";

    /** States a campaign ends in: its entry in {@code campaigns_by_status} is dated when it ended. */
    private static final Set<String> ENDED = Set.of("COMPLETED", "CANCELLED");

    private final MongoCollection<Document> campaigns;
    private final StatusIndex byStatus;

    public CampaignProjection(MongoDatabase database) {
        this.campaigns = database.getCollection("campaigns");
        this.byStatus = new StatusIndex(database.getCollection("campaigns_by_status"), campaigns, ENDED,
                document -> Definitions.instant(document, "endedAt"));
    }

    @EventHandler
    void on(CampaignCreatedEvent event) {
        byStatus.created(new Document("_id", event.campaignId()).append("tenant", event.tenant())
                .append("definition", Definitions.json(event.definition())).append("status", "DRAFT")
                .append("createdAt", Date.from(event.at())).append("updatedAt", Date.from(event.at()))
                .append("revision", 1L));
    }

    @EventHandler
    void on(CampaignUpdatedEvent event) {
        update(event.campaignId(), event.at(), Updates.combine(Updates.set("definition",
               Definitions.json(event.definition())),
                Updates.inc("revision", 1L)));
    }

    @EventHandler
    void on(CampaignScheduledEvent event) {
        byStatus.enter(event.campaignId(), event.tenant(), "SCHEDULED", event.at(),
                Updates.set("startAt", Date.from(event.startAt())));
    }

    @EventHandler
    void on(CampaignStartedEvent event) {
        byStatus.enter(event.campaignId(), event.tenant(), "RUNNING", event.at(), Updates.set("startedAt",
                Date.from(event.at())));
    }

    @EventHandler
    void on(CampaignAudienceFixedEvent event) {
        update(event.campaignId(), event.at(), Updates.combine(Updates.set("audience", event.audience()),
                Updates.set("control", event.control()), Updates.set("audienceSeconds", event.millis() / 1000.0)));
    }

    @EventHandler
    void on(CampaignCompletedEvent event) {
        byStatus.enter(event.campaignId(), event.tenant(), "COMPLETED", event.at(), Updates.set("endedAt",
                Date.from(event.at())));
    }

    @EventHandler
    void on(CampaignCancelledEvent event) {
        byStatus.enter(event.campaignId(), event.tenant(), "CANCELLED", event.at(), Updates.combine(
                Updates.set("endedAt", Date.from(event.at())), Updates.set("cancelReason", event.reason())));
    }

    private void update(String campaignId, Instant at, Bson update) {
        campaigns.updateOne(eq("_id", campaignId), Updates.combine(update, Updates.set("updatedAt", Date.from(at))));
    }

    /** Campaigns in the live {@code state} (scheduled, running), of every workspace (ids are internal). */
    public List<CampaignView> inStatus(String state) {
        return views(byStatus.in(state));
    }

    /** The workspace's campaigns in the live {@code state}. */
    public List<CampaignView> inStatus(String state, String tenant) {
        return views(byStatus.in(state, tenant));
    }

    /** The workspace's campaigns that entered the ended {@code state} (completed, cancelled) at or after {@code since}. */
    public List<CampaignView> endedSince(String state, String tenant, Instant since) {
        return views(byStatus.endedSince(state, tenant, since));
    }

    private static List<CampaignView> views(List<Document> documents) {
        List<CampaignView> views = new ArrayList<>(documents.size());
        documents.forEach(document -> views.add(view(document)));
        return views;
    }

    /** A campaign by internal id, or null. */
    public CampaignView find(String campaignId) {
        Document found = campaigns.find(eq("_id", campaignId)).first();
        return found == null ? null : view(found);
    }

    @QueryHandler
    public CampaignView handle(FindCampaignQuery query) {
        return find(query.campaignId());
    }

    @QueryHandler
    public CampaignPage handle(ListCampaignsQuery query) {
        WorkspacePages.Page<CampaignView> page = WorkspacePages.page(campaigns, query.tenant(), query.after(),
                                                                     query.pageSize(),
                CampaignProjection::view, CampaignView::campaignId);
        return new CampaignPage(page.items(), page.next());
    }

    private static CampaignView view(Document document) {
        String id = document.getString("_id");
        String tenant = document.getString("tenant");
        return new CampaignView(id.substring(tenant.length() + 1), tenant,
                Definitions.read(document.getString("definition"), CampaignDefinition.class),
                document.getString("status"), Definitions.instant(document, "createdAt"),
                Definitions.instant(document, "updatedAt"), Definitions.instant(document, "startAt"),
                Definitions.instant(document, "startedAt"), Definitions.instant(document, "endedAt"),
                document.getLong("audience"), document.getLong("control"), document.getDouble("audienceSeconds"),
                document.getLong("revision"), document.getString("cancelReason"));
    }
}
