package io.rapport.platform.processors;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Shares the segments of a service's streaming processors between its replicas. Every replica can claim every
 * segment (its processors run a thread per segment), so one replica alone processes everything and takes over the
 * segments of one that stops (its claims time out); without help the first to start would also keep them all. So
 * each replica says it is alive ({@code processor_nodes}) and gives up segments beyond its fair share
 * (segments / live replicas, rounded up) for long enough that an idle replica claims them.
 */
public class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    /** The name axon-mongo's token store claims segments under: this JVM's. */
    private static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    private final EventProcessingConfiguration processing;
    private final TokenStore tokens;
    private final MongoCollection<Document> nodes;
    private final Duration every;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "segment-balancer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    public SegmentBalancer(EventProcessingConfiguration processing, TokenStore tokens, MongoDatabase database,
                           Duration every) {
        this.processing = processing;
        this.tokens = tokens;
        this.nodes = database.getCollection("processor_nodes");
        this.every = every;
    }

    @Override
    public void start() {
        running = true;
        timer.scheduleWithFixedDelay(this::balance, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round: say this replica is alive, count the live ones, give up segments beyond the fair share. */
    void balance() {
        try {
            Instant now = Instant.now();
            nodes.updateOne(Filters.eq("_id", NODE), Updates.set("seen", Date.from(now)),
                    new UpdateOptions().upsert(true));
            // Live: seen within two rounds. A replica that died is no longer counted by the time its claims time out
            // (10 s), so the survivor keeps the segments it takes over instead of giving them up to nobody.
            Date recently = Date.from(now.minus(every.multipliedBy(2)));
            long live = Math.max(1, nodes.countDocuments(Filters.gt("seen", recently)));
            for (StreamingEventProcessor processor : streamingProcessors()) {
                int total = tokens.fetchSegments(processor.getName()).length;
                List<Integer> mine = processor.processingStatus().keySet().stream().sorted().toList();
                int fair = (int) ((total + live - 1) / live);
                for (int segment : mine.subList(0, Math.max(0, mine.size() - fair))) {
                    log.info("Processor {}: giving segment {} up to another replica ({} live, {} segments, {} here)",
                            processor.getName(), segment, live, total, mine.size());
                    processor.releaseSegment(segment, every.multipliedBy(6).toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Balancing processor segments failed; trying again in {}", every, e);
        }
    }

    private List<StreamingEventProcessor> streamingProcessors() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .filter(StreamingEventProcessor::isRunning).toList();
    }

    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
        try {
            // Gone at once rather than when the heartbeat goes stale: the others take a fair share sooner.
            nodes.deleteOne(Filters.eq("_id", NODE));
        } catch (RuntimeException e) {
            log.debug("Could not remove this replica from processor_nodes", e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
