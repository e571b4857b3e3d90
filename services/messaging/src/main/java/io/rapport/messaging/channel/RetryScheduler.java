package io.rapport.messaging.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** Makes the retries that are due, on a few threads, polling the {@link RetryQueue}. */
public class RetryScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetryScheduler.class);

    private final RetryQueue queue;
    private final Deliveries deliveries;
    private final Duration poll;
    private final Duration lease;
    private final int threads;
    private ScheduledExecutorService poller;
    private ExecutorService senders;
    private Semaphore free;

    public RetryScheduler(RetryQueue queue, Deliveries deliveries, Duration poll, Duration lease, int threads) {
        this.queue = queue;
        this.deliveries = deliveries;
        this.poll = poll;
        this.lease = lease;
        this.threads = threads;
    }

    @Override
    public void start() {
        free = new Semaphore(threads);
        senders = Executors.newFixedThreadPool(threads, new CustomizableThreadFactory("message-retry-"));
        poller = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("message-retry-poll-"));
        poller.scheduleWithFixedDelay(this::pollOnce, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollOnce() {
        try {
            int capacity = free.availablePermits();
            if (capacity == 0) {
                return;
            }
            for (RetryQueue.Due due : queue.claim(Instant.now(), capacity, lease.toMillis())) {
                free.acquire();
                senders.execute(() -> {
                    try {
                        deliveries.retry(due.messageId(), due.attempt());
                        queue.done(due);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        log.warn("Retry {} of {} failed; it is taken up again when its lease ends", due.attempt(),
                                due.messageId(), e);
                    } finally {
                        free.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Polling for due retries failed; trying again", e);
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
