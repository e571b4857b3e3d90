package io.rapport.campaign.membership;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Works a change feed on several lanes at once. A customer's changes always take the same lane, so they are worked
 * in order; changes of one customer that queue up together are worked once (at the latest version, with everything
 * that changed), which is what lets a follower that fell behind catch up. How far the feed got is saved only past
 * changes that are all done, at most every second and whenever the lanes run dry: a restart may repeat work
 * (listeners are idempotent) but never skips any. The first failure stops the lanes; {@link #finish()} then saves
 * how far the feed got and throws it.
 */
final class ChangeLanes {

    /** The work for one customer. */
    interface Work {
        void customer(String customerId, long version, Set<String> changed) throws InterruptedException;
    }

    private static final long SAVE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final class Pending {

        final String customerId;
        final long version;
        final Collection<String> changed;
        final String token;
        boolean done;

        Pending(String customerId, long version, Collection<String> changed, String token, boolean done) {
            this.customerId = customerId;
            this.version = version;
            this.changed = changed;
            this.token = token;
            this.done = done;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private final Object saving = new Object();
    private final List<ArrayDeque<Pending>> lanes = new ArrayList<>();
    /** Every change handed in and not yet passed, oldest first. */
    private final ArrayDeque<Pending> inOrder = new ArrayDeque<>();
    private final int window;
    private final Work work;
    private final Consumer<String> save;
    private int lanesRunning;
    private RuntimeException failure;
    private boolean closed;
    /** The token of the newest change that is done with all before it. */
    private String reached;
    private String saved;
    private long savedAt = System.nanoTime();

    /**
     * @param threads where the lanes run (one thread each, until {@link #finish()})
     * @param window  how many changes may be handed in and not yet passed; {@link #add} waits beyond it
     * @param save    stores the feed's resume token
     */
    ChangeLanes(Executor threads, int lanes, int window, Work work, Consumer<String> save) {
        this.window = window;
        this.work = work;
        this.save = save;
        for (int i = 0; i < lanes; i++) {
            ArrayDeque<Pending> queue = new ArrayDeque<>();
            this.lanes.add(queue);
            lanesRunning++;
            threads.execute(() -> runLane(queue));
        }
    }

    /** Hands in a change to work; waits while the window is full. Throws the lanes' failure, if any. */
    void add(String customerId, long version, Collection<String> changed, String resumeToken)
            throws InterruptedException {
        lock.lock();
        try {
            while (inOrder.size() >= window && failure == null) {
                moved.await();
            }
            if (failure != null) {
                throw failure;
            }
            Pending pending = new Pending(customerId, version, changed, resumeToken, false);
            inOrder.add(pending);
            lanes.get(Math.floorMod(customerId.hashCode(), lanes.size())).add(pending);
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A change there is nothing to do for: the feed passes it once everything before it is done. */
    void skip(String resumeToken) {
        lock.lock();
        try {
            inOrder.add(new Pending(null, 0, List.of(), resumeToken, true));
            advance();
        } finally {
            lock.unlock();
        }
        saveIfDue(false); // skips come in runs (a history from before the feed's start): not a write each
    }

    /**
     * Lets the lanes work off what they have, stops them, saves how far the feed got and throws the first failure
     * (the changes from the failed one on are left for the next start).
     */
    void finish() throws InterruptedException {
        lock.lock();
        try {
            closed = true;
            moved.signalAll();
            while (lanesRunning > 0) {
                moved.await();
            }
        } finally {
            lock.unlock();
        }
        saveIfDue(true);
        if (failure != null) {
            throw failure;
        }
    }

    private void runLane(ArrayDeque<Pending> queue) {
        try {
            while (true) {
                List<Pending> batch;
                lock.lock();
                try {
                    while (queue.isEmpty() && !closed) {
                        moved.await();
                    }
                    if (queue.isEmpty()) {
                        return;
                    }
                    batch = new ArrayList<>(queue);
                    queue.clear();
                    if (failure != null) {
                        continue;
                    }
                } finally {
                    lock.unlock();
                }
                try {
                    workOff(batch);
                    done(batch);
                } catch (RuntimeException e) {
                    failed(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(new IllegalStateException("the change feed's lanes were stopped", e));
        } finally {
            lock.lock();
            try {
                lanesRunning--;
                moved.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Works each customer of the batch once, at their latest version, in the order they first came. */
    private void workOff(List<Pending> batch) throws InterruptedException {
        Map<String, Long> versions = new LinkedHashMap<>();
        Map<String, Set<String>> changed = new LinkedHashMap<>();
        for (Pending pending : batch) {
            versions.merge(pending.customerId, pending.version, Math::max);
            changed.computeIfAbsent(pending.customerId, customer -> new LinkedHashSet<>()).addAll(pending.changed);
        }
        for (Map.Entry<String, Long> customer : versions.entrySet()) {
            work.customer(customer.getKey(), customer.getValue(), changed.get(customer.getKey()));
        }
    }

    private void done(List<Pending> batch) {
        lock.lock();
        try {
            batch.forEach(pending -> pending.done = true);
            advance();
            moved.signalAll();
        } finally {
            lock.unlock();
        }
        saveIfDue(true);
    }

    private void failed(RuntimeException e) {
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
            }
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Passes the changes at the head that are done. Under the lock. */
    private void advance() {
        while (!inOrder.isEmpty() && inOrder.peek().done) {
            reached = inOrder.poll().token;
        }
    }

    /** Saves how far the feed got: at most every second, and at once when closed or (if {@code whenIdle}) idle. */
    private void saveIfDue(boolean whenIdle) {
        synchronized (saving) {
            String token;
            lock.lock();
            try {
                boolean due = whenIdle && inOrder.isEmpty() || closed || System.nanoTime() - savedAt > SAVE_EVERY_NANOS;
                if (reached == null || reached.equals(saved) || !due) {
                    return;
                }
                token = reached;
                saved = token;
                savedAt = System.nanoTime();
            } finally {
                lock.unlock();
            }
            save.accept(token);
        }
    }
}
