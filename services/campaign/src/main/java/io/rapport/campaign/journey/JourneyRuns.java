package io.rapport.campaign.journey;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.rapport.platform.mongo.DueIndex;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Where each journey run is and when it moves next ({@code journey_runs}, one document per run, written by the
 * runner after each command its {@code JourneyRun} aggregate accepted; the aggregate is the truth, this is the
 * schedule), and who entered which journey how often ({@code journey_enrollments}).
 *
 * <p>What is due is found in {@code journey_runs_due} (a {@link DueIndex}): a run set to move at a later time gets
 * an entry then. An entry stands for its run while the run is active and due; one whose run has ended or been set
 * to a later time is removed when read. A run set to move now while it is being moved (after each step, so that a
 * crash repeats the step) still has the entry it was found by. A journey's runs are a range of ids ({@code
 * "<journey>|<customer>|<run>"}), so no read here goes through every run of every journey.
 */
public class JourneyRuns {

    /** Due entries a look for due runs reads at most. */
    private static final int MOST_READ = 2_000;

    private final MongoCollection<Document> runs;
    private final MongoCollection<Document> enrollments;
    private final DueIndex dueIndex;

    public JourneyRuns(MongoDatabase database) {
        this.runs = database.getCollection("journey_runs");
        this.enrollments = database.getCollection("journey_enrollments");
        this.dueIndex = new DueIndex(database.getCollection("journey_runs_due"));
        dueIndex.backfillOnce(() -> runs.find(eq("state", "ACTIVE")).forEach(
                run -> dueIndex.add(run.getDate("dueAt").toInstant(), run.getString("_id"), new Document())));
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

    /** A new run at its first step, due now; nothing when it is there already (but its schedule is indexed). */
    void started(String tenant, String journeyId, String customerId, int run, Instant at) {
        String id = runId(journeyId, customerId, run);
        Document stored = runs.findOneAndUpdate(eq("_id", id), Updates.combine(Updates.setOnInsert("tenant", tenant),
                Updates.setOnInsert("journey", journeyId), Updates.setOnInsert("customer", customerId),
                Updates.setOnInsert("run", run), Updates.setOnInsert("step", 0),
                Updates.setOnInsert("state", "ACTIVE"), Updates.setOnInsert("enteredAt", Date.from(at)),
                Updates.setOnInsert("dueAt", Date.from(at)), Updates.setOnInsert("completed", List.of())),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        if (stored != null && "ACTIVE".equals(stored.getString("state"))) {
            dueIndex.add(stored.getDate("dueAt").toInstant(), id, new Document());
        }
    }

    /**
     * Up to {@code limit} active runs due by {@code now}, soonest first, each once. Entries whose run has ended or
     * moved on to a later time are removed on the way.
     */
    List<Document> due(Instant now, int limit) {
        Map<String, Document> due = new LinkedHashMap<>();
        Date by = Date.from(now);
        dueIndex.forEachDue(now, MOST_READ, entry -> {
            String runId = entry.getString(DueIndex.OF);
            if (!due.containsKey(runId)) {
                Document run = runs.find(eq("_id", runId)).first();
                if (run != null && "ACTIVE".equals(run.getString("state")) && !run.getDate("dueAt").after(by)) {
                    due.put(runId, run);
                } else {
                    dueIndex.remove(entry.getString("_id"));
                }
            }
            return due.size() < limit;
        });
        return new ArrayList<>(due.values());
    }

    /** What the run's document says besides when it is due. */
    void update(String runId, Bson update) {
        runs.updateOne(eq("_id", runId), update);
    }

    /** The run moves next at {@code at} (and the schedule takes {@code also}). */
    void reschedule(String runId, Instant at, Bson... also) {
        List<Bson> update = new ArrayList<>(List.of(also));
        update.add(Updates.set("dueAt", Date.from(at)));
        runs.updateOne(eq("_id", runId), Updates.combine(update));
        dueIndex.add(at, runId, new Document());
    }

    void ended(Document run, String how) {
        runs.updateOne(eq("_id", run.getString("_id")), Updates.set("state", how));
        enrollments.updateOne(eq("_id", enrollmentId(run.getString("journey"), run.getString("customer"))),
                Updates.set("active", false));
    }

    /** Every active run of a journey is due now (it was stopped: they end at once). */
    void wakeAll(String journeyId) {
        Instant now = Instant.now();
        for (Document run : runs.find(and(ofJourney(journeyId), eq("journey", journeyId), eq("state", "ACTIVE")))
                .projection(new Document("_id", 1))) {
            reschedule(run.getString("_id"), now);
        }
    }

    /** Every run of a journey, for its report. */
    Iterable<Document> all(String journeyId) {
        return runs.find(and(ofJourney(journeyId), eq("journey", journeyId))).sort(Sorts.ascending("_id"));
    }

    /** A page of a journey's runs by id (optionally one customer's), after {@code after}. */
    List<Document> page(String journeyId, String customerId, String after, int limit) {
        Bson filter = customerId == null ? and(ofJourney(journeyId), eq("journey", journeyId))
                : and(ofJourney(journeyId), eq("journey", journeyId), eq("customer", customerId));
        if (after != null) {
            filter = and(filter, gt("_id", after));
        }
        return runs.find(filter).sort(Sorts.ascending("_id")).limit(limit).into(new ArrayList<>());
    }

    /** The range of ids a journey's runs have: {@code "<journey>|"} up to the character after the bar. */
    private static Bson ofJourney(String journeyId) {
        return and(gte("_id", journeyId + "|"), lt("_id", journeyId + (char) ('|' + 1)));
    }
}
