package io.rapport.relationship.imports;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.rapport.relationship.api.CustomerRules;
import io.rapport.relationship.api.CustomerUpsert;
import io.rapport.relationship.api.CustomerUpserts;
import io.rapport.relationship.api.FindImportJobQuery;
import io.rapport.relationship.api.ImportFormat;
import io.rapport.relationship.api.ImportJob;
import io.rapport.relationship.api.ImportJobPage;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionOutcome;
import io.rapport.relationship.api.ListImportJobsQuery;
import io.rapport.relationship.api.RecordInteractionsCommand;
import io.rapport.relationship.api.RelationshipIds;
import io.rapport.relationship.api.StartImportCommand;
import io.rapport.relationship.query.NewestFirst;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs bulk imports as jobs, one at a time: reads the uploaded files with the format's reader, records the
 * interactions through the same command as every other door (event ids make a repeated import a no-op), and
 * keeps the job's progress and report in MongoDB. A job cut short by a restart is marked failed; running the
 * import again completes it.
 */
@Component
public class ImportJobs {

    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
    /** Interactions gathered before they are sent; each customer's go in one command. */
    private static final int FLUSH_EVERY = 4_000;
    private static final int MAX_PER_COMMAND = 1_000;
    private static final int SKIP_EXAMPLES = 20;
    private static final int RETRIES = 5;
    private static final long SAVE_EVERY_MILLIS = 500;

    private final CommandGateway commands;
    private final CustomerUpserts upserts;
    private final MongoCollection<Document> jobs;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> daemon(r, "import-jobs"));
    private final ExecutorService senders;
    private final Map<String, Progress> running = new ConcurrentHashMap<>();

    @Autowired
    public ImportJobs(CommandGateway commands, CustomerUpserts upserts, MongoDatabase database,
                      @Value("${rapport.imports.parallelism:16}") int parallelism) {
        this(commands, upserts, database, parallelism, Clock.systemUTC());
    }

    ImportJobs(CommandGateway commands, CustomerUpserts upserts, MongoDatabase database, int parallelism,
               Clock clock) {
        this.commands = commands;
        this.upserts = upserts;
        this.jobs = database.getCollection("import_jobs");
        jobs.createIndex(Indexes.descending("tenant", "startedAt", "_id"));
        this.clock = clock;
        this.senders = Executors.newFixedThreadPool(parallelism, r -> daemon(r, "import-sender"));
        jobs.updateMany(eq("status", "RUNNING"), Updates.combine(Updates.set("status", "FAILED"),
                Updates.set("error", "interrupted by a restart of the service; run the import again: "
                        + "what was recorded is skipped"), Updates.set("finishedAt", new Date())));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Checks the files can be read in the format (IllegalArgumentException says why not) and queues the job. */
    @CommandHandler
    public ImportJob handle(StartImportCommand command) throws IOException {
        String tenant = command.tenant();
        ImportFormat format = command.format();
        Map<String, Path> files = command.files();
        RowReader reader = reader(format, command.mapping(), clock.instant());
        long bytes = 0;
        for (var file : files.entrySet()) {
            // Read as the job reads: undecodable bytes become replacement characters, not an error.
            try (BufferedReader in = ImportText.reader(Files.newInputStream(file.getValue()), 8192)) {
                reader.checkStart(in);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file.getKey() + ": " + e.getMessage(), e);
            }
            bytes += Files.size(file.getValue());
        }
        Progress progress = new Progress(UUID.randomUUID().toString(), tenant, format, List.copyOf(files.keySet()),
                bytes, clock.instant());
        running.put(progress.id, progress);
        save(progress);
        runner.submit(() -> run(progress, reader, files));
        return progress.snapshot();
    }

    @QueryHandler
    public ImportJob handle(FindImportJobQuery query) {
        Progress progress = running.get(query.id());
        if (progress != null) {
            return progress.tenant.equals(query.tenant()) ? progress.snapshot() : null;
        }
        Document document = jobs.find(and(eq("_id", query.id()), eq("tenant", query.tenant()))).first();
        return document == null ? null : fromDocument(document);
    }

    /** The workspace's jobs, newest first (running ones as they are now). */
    @QueryHandler
    public ImportJobPage handle(ListImportJobsQuery query) {
        NewestFirst.Page<ImportJob> page = NewestFirst.page(jobs, query.tenant(), "startedAt", query.pageSize(),
                query.pageToken(), document -> {
                    Progress live = running.get(document.getString("_id"));
                    return live != null ? live.snapshot() : fromDocument(document);
                }, ImportJob::startedAt, ImportJob::id);
        return new ImportJobPage(page.items(), page.nextPageToken());
    }

    private static RowReader reader(ImportFormat format, Map<String, String> mapping, Instant now) {
        if (format != ImportFormat.CSV && !mapping.isEmpty()) {
            throw new IllegalArgumentException("a mapping is only for the csv format");
        }
        return switch (format) {
            case CDNOW -> new CdnowReader();
            case ONLINE_RETAIL -> new OnlineRetailReader();
            case CSV -> new MappedCsvReader(mapping);
            case NDJSON -> new NdjsonReader();
            case CUSTOMERS -> new CustomersCsvReader(now);
        };
    }

    private void run(Progress progress, RowReader reader, Map<String, Path> files) {
        try {
            for (var file : files.entrySet()) {
                progress.file = file.getKey();
                Batch batch = new Batch(progress);
                try (InputStream counted = new Counting(Files.newInputStream(file.getValue()), progress);
                     BufferedReader in = ImportText.reader(counted, 1 << 16)) {
                    reader.read(in, batch);
                }
                batch.flush();
            }
            progress.finish("SUCCEEDED", null, clock.instant());
        } catch (RuntimeException | IOException e) {
            log.warn("Import {} failed", progress.id, e);
            progress.finish("FAILED", e.getMessage(), clock.instant());
        } finally {
            save(progress);
            running.remove(progress.id);
            files.values().forEach(ImportJobs::deleteQuietly);
            deleteQuietly(files.values().stream().findFirst().map(Path::getParent).orElse(null));
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.debug("Could not delete {}", path, e);
        }
    }

    /**
     * Gathers a file's interactions per customer and sends them in concurrent commands, one per customer; a customer
     * file's customers go, a thousand at a time, the way {@code UpsertCustomers} sends them.
     */
    private final class Batch implements Rows {

        private final Progress progress;
        private final Map<String, List<Interaction>> byCustomer = new LinkedHashMap<>();
        private final Map<String, Integer> rowsOf = new LinkedHashMap<>();
        private final List<CustomerUpsert> customers = new ArrayList<>();
        private final List<Long> customerLines = new ArrayList<>();
        private int pending;
        private long lastSave;

        Batch(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void interaction(String customerId, Interaction interaction, int rows) {
            byCustomer.computeIfAbsent(customerId, c -> new ArrayList<>()).add(interaction);
            rowsOf.merge(customerId, rows, Integer::sum);
            if (++pending >= FLUSH_EVERY) {
                flush();
            }
        }

        @Override
        public void customer(CustomerUpsert customer, long line) {
            customers.add(customer);
            customerLines.add(line);
            if (customers.size() >= CustomerRules.MAX_BATCH) {
                flush();
            }
        }

        @Override
        public void skipped(long line, int rows, String reason) {
            progress.skip(line, rows, reason);
        }

        void flush() {
            flushCustomers();
            flushInteractions();
        }

        private void flushCustomers() {
            if (customers.isEmpty()) {
                return;
            }
            List<CustomerUpserts.Result> results = upserts.upsert(progress.tenant, List.copyOf(customers));
            long rows = 0;
            long changed = 0;
            long unchanged = 0;
            for (int i = 0; i < results.size(); i++) {
                CustomerUpserts.Result result = results.get(i);
                switch (result.outcome()) {
                    case CREATED, UPDATED -> {
                        changed++;
                        rows++;
                    }
                    case UNCHANGED -> {
                        unchanged++;
                        rows++;
                    }
                    case ERASED -> progress.skip(customerLines.get(i), 1,
                            "customer was forgotten (erased): nothing more is recorded");
                    case CONFLICT -> progress.skip(customerLines.get(i), 1, "identifier held by another customer",
                            result.message());
                }
            }
            progress.imported(rows, changed, unchanged);
            customers.clear();
            customerLines.clear();
            saveNowAndThen();
        }

        private void flushInteractions() {
            Map<String, Future<long[]>> sent = new LinkedHashMap<>();
            byCustomer.forEach((customerId, interactions) ->
                    sent.put(customerId, senders.submit(() -> send(customerId, interactions))));
            long rows = 0;
            long recorded = 0;
            long duplicates = 0;
            for (var result : sent.entrySet()) {
                long[] outcome = await(result.getValue());
                int customerRows = rowsOf.get(result.getKey());
                if (outcome[InteractionOutcome.ERASED.ordinal()] > 0) {
                    progress.skip(0, customerRows, "customer was forgotten (erased): nothing more is recorded");
                } else {
                    rows += customerRows;
                }
                recorded += outcome[InteractionOutcome.RECORDED.ordinal()];
                duplicates += outcome[InteractionOutcome.DUPLICATE.ordinal()];
            }
            progress.imported(rows, recorded, duplicates);
            byCustomer.clear();
            rowsOf.clear();
            pending = 0;
            saveNowAndThen();
        }

        private void saveNowAndThen() {
            if (System.currentTimeMillis() - lastSave > SAVE_EVERY_MILLIS) {
                save(progress);
                lastSave = System.currentTimeMillis();
            }
        }

        private static long[] await(Future<long[]> result) {
            try {
                return result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("import interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            }
        }

        private long[] send(String customerId, List<Interaction> interactions) {
            String id = RelationshipIds.of(progress.tenant, customerId);
            long[] outcome = new long[InteractionOutcome.values().length];
            for (int from = 0; from < interactions.size(); from += MAX_PER_COMMAND) {
                var chunk = interactions.subList(from, Math.min(interactions.size(), from + MAX_PER_COMMAND));
                List<InteractionOutcome> results = sendWithRetries(
                        new RecordInteractionsCommand(id, progress.tenant, customerId, List.copyOf(chunk)));
                for (InteractionOutcome result : results) {
                    outcome[result.ordinal()]++;
                }
            }
            return outcome;
        }

        /** Live traffic for the same customer can win a race; the command is safe to repeat. */
        private List<InteractionOutcome> sendWithRetries(RecordInteractionsCommand command) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return commands.sendAndWait(command);
                } catch (ConcurrencyException | org.axonframework.commandhandling.CommandExecutionException e) {
                    if (attempt == RETRIES) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Counts the bytes a job has read, for its progress. */
    private static final class Counting extends FilterInputStream {
        private final Progress progress;

        Counting(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                progress.bytesRead += n;
            }
            return n;
        }
    }

    /** A job's live state; written by its one runner thread, read by anyone. */
    private static final class Progress {
        final String id;
        final String tenant;
        final ImportFormat format;
        final List<String> files;
        final long bytesTotal;
        final Instant startedAt;
        volatile String file;
        volatile long bytesRead;
        volatile long rowsImported;
        volatile long rowsSkipped;
        volatile long recorded;
        volatile long duplicates;
        volatile String status = "RUNNING";
        volatile String error;
        volatile Instant finishedAt;
        final Map<String, Long> skipReasons = new TreeMap<>();
        final List<String> skipExamples = new ArrayList<>();

        Progress(String id, String tenant, ImportFormat format, List<String> files, long bytesTotal, Instant startedAt) {
            this.id = id;
            this.tenant = tenant;
            this.format = format;
            this.files = files;
            this.bytesTotal = bytesTotal;
            this.startedAt = startedAt;
        }

        void skip(long line, int rows, String reason) {
            skip(line, rows, reason, reason);
        }

        /** Counts the rows under {@code reason}; the example shows {@code detail}, which may name the row's values. */
        synchronized void skip(long line, int rows, String reason, String detail) {
            rowsSkipped += rows;
            skipReasons.merge(reason, (long) rows, Long::sum);
            if (skipExamples.size() < SKIP_EXAMPLES) {
                skipExamples.add(file + ":" + line + ": " + detail);
            }
        }

        void imported(long rows, long newlyRecorded, long alreadyRecorded) {
            rowsImported += rows;
            recorded += newlyRecorded;
            duplicates += alreadyRecorded;
        }

        void finish(String outcome, String failure, Instant at) {
            error = failure;
            finishedAt = at;
            status = outcome;
        }

        synchronized ImportJob snapshot() {
            return new ImportJob(id, tenant, format, status, files, bytesTotal, bytesRead, rowsImported + rowsSkipped,
                    rowsImported, rowsSkipped, Map.copyOf(skipReasons), List.copyOf(skipExamples), recorded, duplicates,
                    startedAt, finishedAt, error);
        }
    }

    private void save(Progress progress) {
        ImportJob job = progress.snapshot();
        // Reasons are values, not keys: they may hold dots and dollars.
        List<Document> reasons = job.skipReasons().entrySet().stream()
                .map(e -> new Document("reason", e.getKey()).append("rows", e.getValue())).toList();
        jobs.replaceOne(eq("_id", job.id()), new Document("_id", job.id()).append("tenant", job.tenant())
                .append("format", job.format().name()).append("status", job.status()).append("files", job.files())
                .append("bytesTotal", job.bytesTotal()).append("bytesRead", job.bytesRead())
                .append("rowsRead", job.rowsRead()).append("rowsImported", job.rowsImported())
                .append("rowsSkipped", job.rowsSkipped()).append("skipReasons", reasons)
                .append("skipExamples", job.skipExamples()).append("recorded", job.recorded())
                .append("duplicates", job.duplicates()).append("startedAt", Date.from(job.startedAt()))
                .append("finishedAt", job.finishedAt() == null ? null : Date.from(job.finishedAt()))
                .append("error", job.error()), new ReplaceOptions().upsert(true));
    }

    private static ImportJob fromDocument(Document d) {
        Map<String, Long> reasons = new TreeMap<>();
        d.getList("skipReasons", Document.class)
                .forEach(r -> reasons.put(r.getString("reason"), ((Number) r.get("rows")).longValue()));
        return new ImportJob(d.getString("_id"), d.getString("tenant"), ImportFormat.valueOf(d.getString("format")),
                d.getString("status"), d.getList("files", String.class), d.getLong("bytesTotal"), d.getLong("bytesRead"),
                d.getLong("rowsRead"), d.getLong("rowsImported"), d.getLong("rowsSkipped"), reasons,
                d.getList("skipExamples", String.class), d.getLong("recorded"), d.getLong("duplicates"),
                d.getDate("startedAt").toInstant(),
                d.getDate("finishedAt") == null ? null : d.getDate("finishedAt").toInstant(), d.getString("error"));
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
        senders.shutdownNow();
    }
}
