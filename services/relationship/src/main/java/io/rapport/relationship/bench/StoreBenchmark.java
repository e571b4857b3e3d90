package io.rapport.relationship.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import io.rapport.platform.cache.CaffeineCache;
import io.rapport.platform.bench.BenchLine;
import io.rapport.platform.mongo.EmbeddedMongoServer;
import io.rapport.platform.privacy.SubjectKeys;
import io.rapport.platform.store.EventSerialization;
import io.rapport.platform.store.MongoEventStorageEngine;
import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.RecordInteractionsCommand;
import io.rapport.relationship.api.RelationshipIds;
import io.rapport.relationship.command.CustomerRelationship;
import io.rapport.relationship.command.IdentityRegistry;
import io.rapport.relationship.command.OlderEventIds;
import io.rapport.relationship.intelligence.Vader;
import io.rapport.relationship.query.RelationshipViewProjection;
import io.rapport.relationship.query.RelationshipViewRebuilder;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * {@code ./rapport bench store}: the event store against the raw driver and against Axon's own ceiling, on the
 * in-memory embedded server. Appends go through the command path (aggregate, snapshots, cache), the relationship
 * projection is fed once by a tracking processor over this store, once by the same processor over Axon's
 * in-memory engine, and once by the full-rebuild path. Prints events/s, ratios, and one JSON line.
 */
public final class StoreBenchmark {

    private final int events;
    private final int customers;
    private final int perCommand;
    private final int processorBatch;
    private final int senders;
    private final int history;
    private final String historyStore;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final PrintStream out;
    private Deciles lastDeciles;
    /** As the service stores: personal data sealed with each customer's key. */
    private JacksonSerializer serializer;

    private StoreBenchmark(Map<String, String> options, PrintStream out) {
        this.out = out;
        this.events = Integer.parseInt(options.getOrDefault("events", "100000"));
        this.customers = Integer.parseInt(options.getOrDefault("customers", String.valueOf(Math.max(1, events / 50))));
        this.perCommand = Integer.parseInt(options.getOrDefault("per-command", "10"));
        this.processorBatch = Integer.parseInt(options.getOrDefault("batch-size", "200"));
        this.senders = Integer.parseInt(options.getOrDefault("senders", "4"));
        this.history = Integer.parseInt(options.getOrDefault("history", "100000"));
        this.historyStore = options.getOrDefault("history-store", "memory");
        if (!historyStore.equals("memory") && !historyStore.equals("file")) {
            throw new IllegalArgumentException("--history-store is memory or file");
        }
        if (customers > events) {
            throw new IllegalArgumentException("--customers must not exceed --events");
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || !args[i].startsWith("--") || i + 1 >= args.length) {
                System.out.println("""
                        usage: ./rapport bench store [--events N] [--customers N] [--per-command N] [--batch-size N] [--senders N]
                          --events       events to append (default 100000), registrations included
                          --customers    customers they belong to (default events / 50)
                          --per-command  interactions per RecordInteractions command (default 10)
                          --batch-size   tracking processor batch size (default 200)
                          --senders      threads handling commands (default 4)
                          --history      interactions of the one long-history customer (default 100000, 0: no such pass)
                          --history-store  memory (default) or file: that pass on the default file-backed store""");
                System.exit(args[i].equals("--help") ? 0 : 2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        try {
            // The same run on 20,000 events first, unreported, so that no figure includes JIT warm-up.
            Map<String, String> warmUp = new LinkedHashMap<>(options);
            warmUp.put("events", "20000");
            warmUp.put("customers", "400");
            warmUp.put("history", "5000");
            new StoreBenchmark(warmUp, new PrintStream(OutputStream.nullOutputStream())).run();
            new StoreBenchmark(options, System.out).run();
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private void run() throws Exception {
        out.printf(Locale.ROOT, "Rapport store benchmark: %,d events, %,d customers, %d interactions per command,"
                + " processor batch %d, on the in-memory embedded MongoDB-wire server%n", events, customers, perCommand,
                processorBatch);
        out.printf(Locale.ROOT, "JVM %s, %d cores, max heap %,d MB%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        figures.put("events", events);
        figures.put("customers", customers);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.inMemory();
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("bench");
            MongoEventStorageEngine engine = engineOn(database);

            long appended = appendThroughCommands(engine, database);
            figures.put("stored_events", appended);
            // Each pass's views are dropped after it, so that a pass's memory is not the sum of all before it.
            double catchUp = trackingCatchUp(engine, database, "views_tracking", engine.head());
            record("tracking_processor_events_per_s", catchUp);
            Deciles catchUpDeciles = lastDeciles;
            double rebuild = fullRebuild(engine, database);
            record("full_rebuild_events_per_s", rebuild);
            Deciles rebuildDeciles = lastDeciles;

            // The raw passes write copies of stored events: taken now, as the store's events go next.
            List<Document> samples = database.getCollection("events").find().limit(1_000).into(new ArrayList<>());
            double axonCeiling = axonInMemoryCatchUp(engine, database, appended);
            record("axon_in_memory_tracking_processor_events_per_s", axonCeiling);
            Deciles axonDeciles = lastDeciles;

            // The raw figures are the better of two runs: the ratios below are then, if anything, pessimistic.
            double rawInsert = 0;
            double rawRead = 0;
            for (int run = 1; run <= 2; run++) {
                rawInsert = Math.max(rawInsert, rawInsertMany(database, samples, "raw_events", appended));
                rawRead = Math.max(rawRead, rawFullRead(database, "raw_events"));
                database.getCollection("raw_events").drop();
            }
            record("raw_insert_many_docs_per_s", rawInsert);
            record("raw_full_read_docs_per_s", rawRead);

            ratio("append_vs_raw_insert_many", figures.get("append_events_per_s"), rawInsert, 0.15);
            ratio("full_rebuild_vs_raw_full_read", rebuild, rawRead, 0.25);
            ratio("tracking_processor_vs_axon_in_memory", catchUp, axonCeiling, 0.75);
            // Cost per event must not grow with the store: the last tenth of a pass (90-100%) runs about as fast as an
            // early one (10-20%; the first tenth includes starting the processor).
            ratio("tracking_late_vs_early_rate", catchUpDeciles.lateRate(), catchUpDeciles.earlyRate(), 0.75);
            ratio("rebuild_late_vs_early_rate", rebuildDeciles.lateRate(), rebuildDeciles.earlyRate(), 0.75);
            // The same shape over Axon's in-memory engine tells what the projection's growing views cost by themselves.
            ratio("axon_in_memory_late_vs_early_rate", axonDeciles.lateRate(), axonDeciles.earlyRate(), 0.0);
        }
        if (history > 0) {
            longHistory();
        }
        out.println(BenchLine.of("store", figures));
    }

    // ---- append through the command path ----

    private long appendThroughCommands(MongoEventStorageEngine engine, MongoDatabase database) throws Exception {
        Configuration axon = commandPath(engine, database, customers).buildConfiguration();
        axon.start();
        try {
            int interactions = events - customers;
            Random random = new Random(42);
            Semaphore inFlight = new Semaphore(senders * 8);
            List<CompletableFuture<Object>> sent = new ArrayList<>();
            int[] next = new int[customers];
            settle();
            long start = System.nanoTime();
            int done = 0;
            int round = 0;
            while (done < interactions) {
                for (int customer = 0; customer < customers && done < interactions; customer++) {
                    int share = interactions / customers + (customer < interactions % customers ? 1 : 0);
                    int count = Math.min(perCommand, share - next[customer]);
                    if (count <= 0) {
                        continue;
                    }
                    List<Interaction> batch = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        batch.add(interaction(customer, next[customer]++, random));
                    }
                    done += count;
                    String customerId = "customer-" + customer;
                    inFlight.acquire();
                    CompletableFuture<Object> result = axon.commandGateway().send(new RecordInteractionsCommand(
                            RelationshipIds.of("bench", customerId), "bench", customerId, batch));
                    result.whenComplete((r, e) -> inFlight.release());
                    sent.add(result);
                }
                round++;
                if (round % 10 == 0) {
                    sent.removeIf(CompletableFuture::isDone);
                }
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            long stored = engine.head();
            record("append_events_per_s", stored / seconds);
            out.printf(Locale.ROOT, "  appended %,d events in %.1f s%n", stored, seconds);
            return stored;
        } finally {
            axon.shutdown();
        }
    }

    /** The event store over {@code database}, with this run's serializer (its subject keys in that database). */
    private MongoEventStorageEngine engineOn(MongoDatabase database) {
        serializer = EventSerialization.serializer(new SubjectKeys(database));
        return MongoEventStorageEngine.builder()
                .database(database)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
    }

    /** The service's command path over {@code engine}: the aggregate, its snapshots and its cache. */
    private Configurer commandPath(MongoEventStorageEngine engine, MongoDatabase database, int cachedCustomers) {
        SubjectKeys keys = new SubjectKeys(database);
        IdentityRegistry registry = new IdentityRegistry(database);
        OlderEventIds olderIds = new OlderEventIds(database);
        return DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureEmbeddedEventStore(c -> engine)
                .registerComponent(Vader.class, c -> Vader.withBundledLexicon())
                .registerComponent(SubjectKeys.class, c -> keys)
                .registerComponent(IdentityRegistry.class, c -> registry)
                .registerComponent(OlderEventIds.class, c -> olderIds)
                .configureCommandBus(c -> AsynchronousCommandBus.builder()
                        .executor(Executors.newFixedThreadPool(senders, runnable -> {
                            Thread thread = new Thread(runnable, "bench-command");
                            thread.setDaemon(true);
                            return thread;
                        }))
                        .transactionManager(c.getComponent(TransactionManager.class, NoTransactionManager::instance))
                        .messageMonitor(c.messageMonitor(AsynchronousCommandBus.class, "commandBus"))
                        .build())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(CustomerRelationship.class)
                        .configureCache(c -> new CaffeineCache(Math.max(cachedCustomers, 1)))
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(), 250)));
    }

    private static Interaction interaction(int customer, int n, Random random) {
        Channel channel = Channel.values()[random.nextInt(Channel.values().length)];
        InteractionKind kind = InteractionKind.values()[random.nextInt(InteractionKind.values().length)];
        boolean money = kind == InteractionKind.PURCHASE || kind == InteractionKind.RETURN;
        return new Interaction("evt-" + customer + "-" + n, channel, Direction.INBOUND, kind,
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(n * 86_400L + random.nextInt(86_400)),
                money ? BigDecimal.valueOf(random.nextInt(20_000), 2) : null, money ? "EUR" : null,
                kind == InteractionKind.MESSAGE ? "Thanks for the quick delivery!" : null, "ref-" + n, null, null,
                List.of("bench"), null);
    }

    // ---- projections ----

    private double trackingCatchUp(EventStorageEngine source, MongoDatabase database, String collection,
                                   long lastPosition) throws InterruptedException {
        Configuration axon = withProjection(DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureEmbeddedEventStore(c -> source), database, collection).buildConfiguration();
        settle();
        long start = System.nanoTime();
        axon.start();
        try {
            TrackingEventProcessor processor = viewProcessor(axon);
            Deciles deciles = new Deciles(lastPosition, start);
            long position;
            while ((position = position(processor)) < lastPosition) {
                deciles.reached(position);
                Thread.sleep(5);
            }
            deciles.reached(position);
            double seconds = (System.nanoTime() - start) / 1e9;
            lastDeciles = deciles;
            out.printf(Locale.ROOT, "  %s: caught up with %,d events in %.1f s; each tenth, events/s: %s%n", collection,
                    lastPosition, seconds, deciles.tenths());
            return ((Number) figures.get("stored_events")).doubleValue() / seconds;
        } finally {
            axon.shutdown();
            RelationshipViewProjection.drop(database, collection);
            database.getCollection(collection + "_tokens").drop();
        }
    }

    /**
     * Axon's ceiling: the same projection fed by Axon's in-memory engine. The store's events are copied into it and
     * then dropped from the store, so that the heap holds them once.
     */
    private double axonInMemoryCatchUp(MongoEventStorageEngine engine, MongoDatabase database, long appended)
            throws InterruptedException {
        InMemoryEventStorageEngine inMemory = new InMemoryEventStorageEngine();
        try (var all = engine.readAllEvents(10_000)) {
            List<org.axonframework.eventhandling.EventMessage<?>> batch = new ArrayList<>(10_000);
            all.forEach(e -> {
                batch.add(e);
                if (batch.size() == 10_000) {
                    inMemory.appendEvents(batch);
                    batch.clear();
                }
            });
            inMemory.appendEvents(batch);
        }
        database.getCollection("events").drop();
        return trackingCatchUp(inMemory, database, "views_axon_in_memory", appended - 1);
    }

    /** Adds the relationship-view projection, as the service runs it, keeping its views in {@code collection}. */
    private Configurer withProjection(Configurer configurer, MongoDatabase database, String collection) {
        RelationshipViewProjection projection = new RelationshipViewProjection(database, collection);
        configurer.registerComponent(TokenStore.class, c -> MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database)
                        .trackingTokensCollectionName(collection + "_tokens").build())
                .serializer(serializer)
                .build());
        configurer.eventProcessing()
                .registerTrackingEventProcessor(RelationshipViewProjection.PROCESSING_GROUP, Configuration::eventStore,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(processorBatch)
                                .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .registerEventHandler(c -> projection)
                .registerHandlerInterceptor(RelationshipViewProjection.PROCESSING_GROUP, c -> projection);
        return configurer;
    }

    private static TrackingEventProcessor viewProcessor(Configuration axon) {
        return axon.eventProcessingConfiguration()
                .eventProcessor(RelationshipViewProjection.PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow();
    }

    private static long position(TrackingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(-1)).min().orElse(-1);
    }

    private double fullRebuild(MongoEventStorageEngine engine, MongoDatabase database) {
        settle();
        long start = System.nanoTime();
        Deciles deciles = new Deciles(engine.head(), start);
        long done = new RelationshipViewRebuilder(engine, database).rebuildInto("views_rebuild", deciles::reached, (event, e) -> { throw e; });
        RelationshipViewProjection.drop(database, "views_rebuild");
        lastDeciles = deciles;
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "  full rebuild: %,d events in %.1f s; each tenth, events/s: %s%n", done, seconds,
                deciles.tenths());
        return done / seconds;
    }

    // ---- one customer with a long history ----

    /**
     * One customer talks to the brand {@code history} times, ten interactions a command, one command after another,
     * each thousand waited for until the view holds it: the last thousand must cost about what the first did.
     */
    private void longHistory() throws Exception {
        out.printf(Locale.ROOT, "  one customer, %,d interactions, recorded and projected a thousand at a time"
                + " (%s store)%n", history, historyStore);
        Path directory = Files.createTempDirectory("rapport-bench-history");
        try (EmbeddedMongoServer server = historyStore.equals("file") ? EmbeddedMongoServer.fileBacked(directory)
                : EmbeddedMongoServer.inMemory();
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("bench_history");
            MongoEventStorageEngine engine = engineOn(database);
            Configuration axon = withProjection(commandPath(engine, database, 1), database, "views_history")
                    .buildConfiguration();
            axon.start();
            try {
                TrackingEventProcessor processor = viewProcessor(axon);
                Random random = new Random(7);
                int thousands = history / 1_000;
                double[] rates = new double[thousands];
                int n = 0;
                for (int block = 0; block < thousands; block++) {
                    long start = System.nanoTime();
                    for (int command = 0; command < 1_000 / perCommand; command++) {
                        List<Interaction> batch = new ArrayList<>(perCommand);
                        for (int i = 0; i < perCommand; i++) {
                            batch.add(hourly(n++, random));
                        }
                        axon.commandGateway().sendAndWait(new RecordInteractionsCommand(
                                RelationshipIds.of("bench", "long-history"), "bench", "long-history", batch));
                    }
                    long head = engine.head();
                    while (position(processor) < head) {
                        Thread.sleep(1);
                    }
                    rates[block] = 1_000 / ((System.nanoTime() - start) / 1e9);
                }
                // A thousand lasts a fifth of a second, which one collection pause can halve: each tenth of the
                // history is told by the median of its thousands.
                double[] tenths = new double[10];
                for (int tenth = 0; tenth < 10; tenth++) {
                    tenths[tenth] = median(Arrays.copyOfRange(rates, tenth * thousands / 10,
                            Math.max(tenth * thousands / 10 + 1, (tenth + 1) * thousands / 10)));
                }
                out.printf(Locale.ROOT, "  interactions/s, median thousand of each tenth of the history: %s%n",
                        rates(tenths));
                record("history_first_thousand_per_s", rates[0]);
                record("history_last_thousand_per_s", rates[thousands - 1]);
                record("history_first_tenth_median_per_s", tenths[0]);
                record("history_last_tenth_median_per_s", tenths[9]);
                ratio("history_last_vs_first_thousand", tenths[9], tenths[0], 0.75);
                if (server.dataFile() != null) {
                    // Everything the file holds (events, snapshots, the view, tokens), per event stored.
                    long bytes = Files.size(server.dataFile()) / engine.head();
                    figures.put("history_file_bytes_per_event", bytes);
                    out.printf(Locale.ROOT, "%-48s %,12d bytes%n", "history_file_bytes_per_event", bytes);
                }
            } finally {
                axon.shutdown();
            }
        } finally {
            FileSystemUtils.deleteRecursively(directory);
        }
    }

    /** Rates as the report prints them: "1,234 1,456 …". */
    private static String rates(double[] perSecond) {
        StringBuilder printed = new StringBuilder();
        for (double rate : perSecond) {
            printed.append(printed.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%,.0f", rate));
        }
        return printed.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The n-th of one customer's interactions, an hour after the one before: 100,000 of them span 11 years. */
    private static Interaction hourly(int n, Random random) {
        Interaction daily = interaction(0, n, random);
        return new Interaction(daily.eventId(), daily.channel(), daily.direction(), daily.kind(),
                Instant.parse("2015-01-01T00:00:00Z").plusSeconds(n * 3_600L + random.nextInt(3_600)),
                daily.amount(), daily.currency(), daily.content(), daily.reference(), null, null, daily.tags(), null);
    }

    // ---- the raw driver on similar documents ----

    private static double rawInsertMany(MongoDatabase database, List<Document> samples, String collection,
                                        long count) {
        MongoCollection<Document> raw = database.getCollection(collection);
        settle();
        long start = System.nanoTime();
        List<Document> batch = new ArrayList<>(1_000);
        for (long i = 0; i < count; i++) {
            Document copy = new Document(samples.get((int) (i % samples.size())));
            copy.put("_id", "raw#" + i);
            copy.put("globalIndex", i + 1);
            batch.add(copy);
            if (batch.size() == 1_000) {
                raw.insertMany(batch, new InsertManyOptions().ordered(true));
                batch = new ArrayList<>(1_000);
            }
        }
        if (!batch.isEmpty()) {
            raw.insertMany(batch);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double rawFullRead(MongoDatabase database, String collection) {
        settle();
        long start = System.nanoTime();
        long read = 0;
        try (MongoCursor<Document> cursor = database.getCollection(collection).find().batchSize(10_000).iterator()) {
            while (cursor.hasNext()) {
                cursor.next();
                read++;
            }
        }
        return read / ((System.nanoTime() - start) / 1e9);
    }

    /** When a pass over {@code total} events reached each tenth of it. */
    private static final class Deciles {

        private final long total;
        private final long start;
        private final long[] reachedAt = new long[11];

        Deciles(long total, long start) {
            this.total = total;
            this.start = start;
            reachedAt[0] = start;
        }

        void reached(long done) {
            long now = System.nanoTime();
            for (int tenth = 1; tenth <= 10; tenth++) {
                if (reachedAt[tenth] == 0 && done >= total * tenth / 10) {
                    reachedAt[tenth] = now;
                }
            }
        }

        double earlyRate() {
            return rate(1);
        }

        double lateRate() {
            return rate(9);
        }

        /** Each tenth's rate, events/s, for the report. */
        String tenths() {
            double[] rates = new double[10];
            for (int tenth = 0; tenth < 10; tenth++) {
                rates[tenth] = rate(tenth);
            }
            return rates(rates);
        }

        private double rate(int tenth) {
            return (total / 10.0) / ((reachedAt[tenth + 1] - reachedAt[tenth]) / 1e9);
        }
    }

    /** Starts each timed phase without the previous phase's garbage. */
    private static void settle() {
        System.gc();
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- report ----

    private void record(String name, double perSecond) {
        figures.put(name, Math.round(perSecond));
        out.printf(Locale.ROOT, "%-48s %,12.0f /s%n", name, perSecond);
    }

    private void ratio(String name, Object ours, double reference, double target) {
        double value = ((Number) ours).doubleValue() / reference;
        figures.put(name, Math.round(value * 1000) / 1000.0);
        out.printf(Locale.ROOT, "%-48s %12.3f  (target >= %.2f: %s)%n", name, value, target,
                value >= target ? "met" : "NOT MET");
    }


}
