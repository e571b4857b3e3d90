package io.rapport.campaign.membership;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Who is in each segment now ({@code segment_members}: one document per segment and customer). */
public class SegmentMembers {

    private final MongoCollection<Document> members;

    public SegmentMembers(MongoDatabase database) {
        this.members = database.getCollection("segment_members");
        members.createIndex(Indexes.ascending("segment", "customer"));
    }

    public boolean contains(String segmentId, String customerId) {
        return members.find(eq("_id", key(segmentId, customerId))).first() != null;
    }

    public long count(String segmentId) {
        return members.countDocuments(eq("segment", segmentId));
    }

    /** Members by customer id after {@code after} (null: from the first). */
    public List<String> page(String segmentId, String after, int limit) {
        Bson filter = after == null ? eq("segment", segmentId) : and(eq("segment", segmentId), gt("customer", after));
        List<String> page = new ArrayList<>();
        members.find(filter).sort(Sorts.ascending("customer")).limit(limit)
                .forEach(document -> page.add(document.getString("customer")));
        return page;
    }

    /** All members by customer id, for a merge with the customers in the same order; close it. */
    MongoCursor<String> inOrder(String segmentId) {
        return members.find(eq("segment", segmentId)).projection(Projections.include("customer"))
                .sort(Sorts.ascending("customer")).batchSize(1_000).map(document -> document.getString("customer"))
                .iterator();
    }

    /** Applies a change; repeating it changes nothing more. */
    void apply(String segmentId, List<String> entered, List<String> left) {
        if (!left.isEmpty()) {
            members.deleteMany(in("_id", left.stream().map(customer -> key(segmentId, customer)).toList()));
        }
        if (!entered.isEmpty()) {
            // Upserts: the follower and a backfill may add the same member at once.
            members.bulkWrite(entered.stream().map(customer -> new UpdateOneModel<Document>(
                    eq("_id", key(segmentId, customer)), Updates.combine(Updates.setOnInsert("segment", segmentId),
                    Updates.setOnInsert("customer", customer), Updates.setOnInsert("since", new Date())),
                    new UpdateOptions().upsert(true))).toList());
        }
    }

    private static String key(String segmentId, String customerId) {
        return segmentId + "|" + customerId;
    }
}
