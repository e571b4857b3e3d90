package io.rapport.campaign.journey;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Where each journey run is and when it moves next ({@code journey_runs}, one document per run, written by the
 * runner after each command its {@code JourneyRun} aggregate accepted; the aggregate is the truth, this is the
 * schedule), and who entered which journey how often ({@code journey_enrollments}).
 */
public class JourneyRuns {

    private final MongoCollection<Document> runs;
    private final MongoCollection<Document> enrollments;

    public JourneyRuns(MongoDatabase database) {
        this.runs = database.getCollection("journey_runs");
        this.enrollments = database.getCollection("journey_enrollments");
        runs.createIndex(Indexes.ascending("state", "dueAt"));
        runs.createIndex(Indexes.ascending("journey", "customer"));
    }

    static String runId(String journeyId, String customerId, int run) {
        return journeyId + "|" + customerId + "|" + run;
    }

    static String enrollmentId(String journeyId, String customerId) {
        return journeyId + "|" + customerId;
    }

    /** The outcome id of a send step of a run. */
    public static String outcomeId(String journeyId, String customerId, int run, String stepId) {
        return runId(journeyId, customerId, run) + "|" + stepId;
    }

    Document enrollment(String journeyId, String customerId) {
        return enrollments.find(eq("_id", enrollmentId(journeyId, customerId))).first();
    }

    /** How many runs through the journey the customer had. */
    public int runCount(String journeyId, String customerId) {
        Document enrollment = enrollment(journeyId, customerId);
        return enrollment == null ? 0 : enrollment.getInteger("runs");
    }

    void enrolled(String journeyId, String customerId, int run, String entryId, Instant at) {
        enrollments.updateOne(eq("_id", enrollmentId(journeyId, customerId)), Updates.combine(
                Updates.set("runs", run), Updates.set("active", true), Updates.set("lastEnteredAt", Date.from(at)),
                Updates.set("lastEntry", entryId)), new UpdateOptions().upsert(true));
    }

    /** A new run at its first step, due now; nothing when it is there already. */
    void started(String tenant, String journeyId, String customerId, int run, Instant at) {
        String id = runId(journeyId, customerId, run);
        runs.updateOne(eq("_id", id), Updates.combine(Updates.setOnInsert("tenant", tenant),
                Updates.setOnInsert("journey", journeyId), Updates.setOnInsert("customer", customerId),
                Updates.setOnInsert("run", run), Updates.setOnInsert("step", 0),
                Updates.setOnInsert("state", "ACTIVE"), Updates.setOnInsert("enteredAt", Date.from(at)),
                Updates.setOnInsert("dueAt", Date.from(at)), Updates.setOnInsert("completed", List.of())),
                new UpdateOptions().upsert(true));
    }

    /** Active runs due by {@code now}, soonest first. */
    List<Document> due(Instant now, int limit) {
        return runs.find(and(eq("state", "ACTIVE"), lte("dueAt", Date.from(now)))).sort(Sorts.ascending("dueAt"))
                .limit(limit).into(new ArrayList<>());
    }

    void update(String runId, Bson update) {
        runs.updateOne(eq("_id", runId), update);
    }

    void ended(Document run, String how) {
        runs.updateOne(eq("_id", run.getString("_id")), Updates.set("state", how));
        enrollments.updateOne(eq("_id", enrollmentId(run.getString("journey"), run.getString("customer"))),
                Updates.set("active", false));
    }

    /** Every active run of a journey is due now (it was stopped: they end at once). */
    void wakeAll(String journeyId) {
        runs.updateMany(and(eq("journey", journeyId), eq("state", "ACTIVE")), Updates.set("dueAt", new Date()));
    }

    /** Every run of a journey, for its report. */
    Iterable<Document> all(String journeyId) {
        return runs.find(eq("journey", journeyId));
    }

    /** A page of a journey's runs by id (optionally one customer's), after {@code after}. */
    List<Document> page(String journeyId, String customerId, String after, int limit) {
        Bson filter = customerId == null ? eq("journey", journeyId)
                : and(eq("journey", journeyId), eq("customer", customerId));
        if (after != null) {
            filter = and(filter, gt("_id", after));
        }
        return runs.find(filter).sort(Sorts.ascending("_id")).limit(limit).into(new ArrayList<>());
    }
}
