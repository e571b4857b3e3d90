package io.rapport.campaign.report;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.rapport.campaign.api.Goal;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.TimelineEntry;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What became of each person a campaign or journey step meant to reach ({@code outcomes}: one document per
 * campaign and customer, or per journey run, step and customer): the group (variant, control or step), the send's
 * key and state, and, worked out afresh from the customer's timeline whenever they change, whether the message was
 * delivered, opened, clicked or replied to, and whether and for how much they converted within the goal's window.
 */
public class Outcomes {

    /** States before the timeline says more. */
    public static final String PENDING = "PENDING";
    public static final String CONTROL = "CONTROL";
    public static final String SENT = "SENT";
    public static final String SUPPRESSED = "SUPPRESSED";
    public static final String FAILED = "FAILED";

    /** A person assigned to a group; {@code since} is null until they are sent to (control: the start). */
    public record Assigned(String id, String owner, String tenant, String customer, String group, String key,
                           String state, Instant since, Goal goal) {
    }

    private final MongoCollection<Document> outcomes;

    public Outcomes(MongoDatabase database) {
        this.outcomes = database.getCollection("outcomes");
        outcomes.createIndex(Indexes.ascending("owner", "group"));
    }

    /** Records assignments; an assignment recorded before is left as it is (with whatever became of it). */
    public void assign(List<Assigned> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Assigned a : assigned) {
            List<Bson> fields = new ArrayList<>(List.of(Updates.setOnInsert("owner", a.owner()),
                    Updates.setOnInsert("tenant", a.tenant()), Updates.setOnInsert("customer", a.customer()),
                    Updates.setOnInsert("group", a.group()), Updates.setOnInsert("key", a.key()),
                    Updates.setOnInsert("state", a.state()), Updates.setOnInsert("goalKind", a.goal().kind())));
            if (a.since() != null) {
                fields.add(Updates.setOnInsert("since", Date.from(a.since())));
                fields.add(Updates.setOnInsert("until", Date.from(a.since().plus(a.goal().within()))));
            }
            writes.add(new UpdateOneModel<>(eq("_id", a.id()), Updates.combine(fields),
                    new UpdateOptions().upsert(true)));
        }
        outcomes.bulkWrite(writes);
    }

    /** What messaging made of sends, by outcome id. */
    public void settle(Map<String, SendResult> results) {
        if (results.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        results.forEach((id, result) -> writes.add(new UpdateOneModel<>(eq("_id", id), Updates.combine(
                Updates.set("state", result.state()), Updates.set("reason", result.reason()),
                Updates.set("since", Date.from(result.at())),
                Updates.set("until", Date.from(result.at().plus(result.goal().within())))))));
        outcomes.bulkWrite(writes);
    }

    /** A send's result: SENT, SUPPRESSED or FAILED, with messaging's reason. */
    public record SendResult(String state, String reason, Instant at, Goal goal) {

        /** From what messaging answered: SUPPRESSED, FAILED, or anything else (queued, dispatched) SENT. */
        public static SendResult of(String messagingState, String reason, Instant at, Goal goal) {
            String state = switch (messagingState) {
                case "SUPPRESSED" -> SUPPRESSED;
                case "FAILED" -> FAILED;
                default -> SENT;
            };
            return new SendResult(state, reason, at, goal);
        }
    }

    /** The outcome documents among these ids whose attribution window is open (or closed less than a day ago). */
    public List<Document> open(List<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Date horizon = Date.from(now.minusSeconds(86_400));
        return outcomes.find(in("_id", ids)).into(new ArrayList<>()).stream()
                .filter(d -> d.getDate("since") != null && d.getDate("until").after(horizon)).toList();
    }

    /** Works an outcome out afresh from the customer's timeline since it was sent (or since the control start). */
    public void refresh(Document outcome, List<TimelineEntry> timeline) {
        String key = outcome.getString("key");
        Instant since = outcome.getDate("since").toInstant();
        Instant until = outcome.getDate("until").toInstant();
        String goalKind = "INTERACTION_KIND_" + outcome.getString("goalKind");
        Map<String, Boolean> flags = new HashMap<>(Map.of("delivered", false, "opened", false, "clicked", false,
                "replied", false, "bounced", false, "converted", false));
        Map<String, BigDecimal> revenue = new TreeMap<>();
        for (TimelineEntry entry : timeline) {
            if (!entry.hasInteraction()) {
                continue;
            }
            var interaction = entry.getInteraction();
            if (key != null && key.equals(interaction.getMessageId())) {
                switch (interaction.getKind()) {
                    case INTERACTION_KIND_DELIVERED -> flags.put("delivered", true);
                    case INTERACTION_KIND_OPEN -> flags.put("opened", true);
                    case INTERACTION_KIND_CLICK -> flags.put("clicked", true);
                    case INTERACTION_KIND_REPLY, INTERACTION_KIND_COMPLAINT -> flags.put("replied", true);
                    case INTERACTION_KIND_BOUNCED -> flags.put("bounced", true);
                    default -> { }
                }
            }
            Instant at = Instant.ofEpochSecond(entry.getTime().getSeconds(), entry.getTime().getNanos());
            boolean inWindow = !at.isBefore(since) && !at.isAfter(until);
            if (inWindow && interaction.getKind().name().equals(goalKind)) {
                flags.put("converted", true);
            }
            if (inWindow && interaction.getKind() == InteractionKind.INTERACTION_KIND_PURCHASE
                    && !interaction.getAmount().isEmpty()) {
                revenue.merge(interaction.getCurrency(), new BigDecimal(interaction.getAmount()), BigDecimal::add);
            }
        }
        Document revenueDocument = new Document();
        revenue.forEach((currency, amount) -> revenueDocument.append(currency, amount.toPlainString()));
        List<Bson> sets = new ArrayList<>();
        flags.forEach((flag, value) -> sets.add(Updates.set(flag, value)));
        sets.add(Updates.set("revenue", revenueDocument));
        outcomes.updateOne(eq("_id", outcome.getString("_id")), Updates.combine(sets));
    }

    /** Every outcome of a campaign or journey, grouped, for its report. */
    public Map<String, GroupCounts> counts(String owner) {
        Map<String, GroupCounts> groups = new TreeMap<>();
        outcomes.find(eq("owner", owner)).forEach(document -> groups
                .computeIfAbsent(document.getString("group"), GroupCounts::new).add(document));
        return groups;
    }
}
