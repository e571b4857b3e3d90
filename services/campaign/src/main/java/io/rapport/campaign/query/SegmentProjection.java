package io.rapport.campaign.query;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.rapport.campaign.api.FindSegmentQuery;
import io.rapport.campaign.api.ListSegmentsQuery;
import io.rapport.campaign.api.SegmentChangedEvent;
import io.rapport.campaign.api.SegmentDefinedEvent;
import io.rapport.campaign.api.SegmentPage;
import io.rapport.campaign.api.SegmentView;
import io.rapport.campaign.rules.SegmentRule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;

/**
 * The workspace's segments ({@code segments}), updated in the same unit of work as the command that changed them
 * (a subscribing processor), so a segment reads back as soon as it is defined.
 */
@ProcessingGroup(SegmentProjection.PROCESSING_GROUP)
public class SegmentProjection {

    public static final String PROCESSING_GROUP = "segments";

    private final MongoCollection<Document> segments;

    public SegmentProjection(MongoDatabase database) {
        this.segments = database.getCollection("segments");
    }

    @EventHandler
    void on(SegmentDefinedEvent event) {
        save(event.tenant(), event.segmentId(), event.name(), event.rule(), event.at(), event.at(), 1);
    }

    @EventHandler
    void on(SegmentChangedEvent event) {
        Document current = segments.find(eq("_id", event.segmentId())).first();
        Instant created = current == null ? event.at() : current.getDate("createdAt").toInstant();
        long revision = current == null ? 1 : current.getLong("revision") + 1;
        save(event.tenant(), event.segmentId(), event.name(), event.rule(), created, event.at(), revision);
    }

    private void save(String tenant, String id, String name, String rule, Instant created, Instant updated,
                      long revision) {
        segments.replaceOne(eq("_id", id), new Document("_id", id).append("tenant", tenant).append("name", name)
                .append("rule", rule).append("attributes", List.copyOf(SegmentRule.parse(rule).attributes()))
                .append("createdAt", Date.from(created)).append("updatedAt", Date.from(updated))
                .append("revision", revision), new ReplaceOptions().upsert(true));
    }

    /** Every segment of a workspace (ids as the workspace knows them). */
    public List<SegmentView> all(String tenant) {
        return segments.find(eq("tenant", tenant)).sort(Sorts.ascending("_id")).map(SegmentProjection::view)
                .into(new ArrayList<>());
    }

    /** The workspaces that have segments. */
    public List<String> tenants() {
        return segments.distinct("tenant", String.class).into(new ArrayList<>());
    }

    @QueryHandler
    public SegmentView handle(FindSegmentQuery query) {
        Document found = segments.find(eq("_id", query.segmentId())).first();
        return found == null ? null : view(found);
    }

    @QueryHandler
    public SegmentPage handle(ListSegmentsQuery query) {
        WorkspacePages.Page<SegmentView> page = WorkspacePages.page(segments, query.tenant(), query.after(),
                query.pageSize(), SegmentProjection::view, SegmentView::segmentId);
        return new SegmentPage(page.items(), page.next());
    }

    private static SegmentView view(Document document) {
        String id = document.getString("_id");
        return new SegmentView(id.substring(id.indexOf('/') + 1), document.getString("name"),
                document.getString("rule"), document.getList("attributes", String.class),
                document.getDate("createdAt").toInstant(), document.getDate("updatedAt").toInstant(),
                document.getLong("revision"));
    }
}
