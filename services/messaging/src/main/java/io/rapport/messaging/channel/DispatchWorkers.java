package io.rapport.messaging.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Makes the attempts the {@link DispatchQueue} holds once they are due, on a few threads. They run outside any
 * event processor, so each step an attempt records (started, then its outcome) is stored before the next is
 * taken: a command sent from inside an event handler would only be stored when the handler's batch commits,
 * after the message had gone out. Polls on a timer and whenever a new attempt is queued.
 */
public class DispatchWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DispatchWorkers.class);
    /** Claimed ahead per thread, so one look at the queue feeds the threads for a while. */
    private static final int PREFETCH_PER_THREAD = 25;

    private final DispatchQueue queue;
    private final Deliveries deliveries;
    private final Duration poll;
    private final Duration lease;
    private final int threads;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private ScheduledExecutorService poller;
    private ExecutorService senders;

    public DispatchWorkers(DispatchQueue queue, Deliveries deliveries, Duration poll, Duration lease, int threads) {
        this.queue = queue;
        this.deliveries = deliveries;
        this.poll = poll;
        this.lease = lease;
        this.threads = threads;
    }

    @Override
    public void start() {
        senders = Executors.newFixedThreadPool(threads, new CustomizableThreadFactory("message-dispatch-"));
        poller = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("message-dispatch-poll-"));
        poller.scheduleWithFixedDelay(this::pollOnce, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A new attempt is queued: look now rather than at the next tick. */
    public void wake() {
        if (poller != null && wakeRequested.compareAndSet(false, true)) {
            poller.execute(() -> {
                wakeRequested.set(false);
                pollOnce();
            });
        }
    }

    /** Claims what is due, up to {@link #PREFETCH_PER_THREAD} per thread waiting or in flight. */
    private void pollOnce() {
        try {
            int room = threads * PREFETCH_PER_THREAD - inFlight.size();
            if (room <= 0) {
                return;
            }
            for (DispatchQueue.Due attempt : queue.claim(Instant.now(), room, lease.toMillis(), inFlight)) {
                log.debug("Claimed attempt {} of {}", attempt.attempt(), attempt.messageId());
                inFlight.add(attempt.messageId());
                senders.execute(() -> run(attempt));
            }
        } catch (RuntimeException e) {
            log.warn("Looking for due messages failed; trying again", e);
        } catch (Error e) {
            // Anything else thrown here would end the timer's polls for good, without a word: retries (which only
            // the timer finds) would wait forever. Say it, and look again at the next tick.
            log.error("Looking for due messages failed; trying again at the next tick", e);
        }
    }

    private void run(DispatchQueue.Due attempt) {
        try {
            deliveries.attempt(attempt.messageId(), attempt.attempt());
            queue.done(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Attempt {} of {} failed; it is taken up again when its lease ends", attempt.attempt(),
                    attempt.messageId(), e);
        } finally {
            inFlight.remove(attempt.messageId());
            if (inFlight.size() <= threads * PREFETCH_PER_THREAD / 2) {
                wake();
            }
        }
    }

    @Override
    public void stop() {
        poller.shutdownNow();
        senders.shutdown();
        try {
            if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null && !poller.isShutdown();
    }
}
