package io.rapport.campaign.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChangeLanesTest {

    private record Worked(String customer, long version, Set<String> changed) {
    }

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Worked> worked = new CopyOnWriteArrayList<>();
    private final List<String> saved = new CopyOnWriteArrayList<>();
    /** Customer "slow" waits for this before its work is done. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch slowStarted = new CountDownLatch(1);

    private ChangeLanes lanes(int lanes, int window) {
        return new ChangeLanes(threads, lanes, window, (customer, version, changed) -> {
            if (customer.startsWith("slow")) {
                slowStarted.countDown();
                release.await();
            }
            if (customer.startsWith("bad")) {
                throw new IllegalStateException("no view for " + customer);
            }
            worked.add(new Worked(customer, version, changed));
        }, saved::add);
    }

    /** Lanes whose first change, customer "slow", is being worked until {@link #release}. */
    private ChangeLanes heldBySlow(int count, String changed, String token) throws InterruptedException {
        ChangeLanes lanes = lanes(count, 100);
        lanes.add("slow", 1, List.of(changed), token);
        assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
        return lanes;
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void changesOfOneCustomerThatQueuedUpAreWorkedOnceAtTheLatestVersionWithEverythingThatChanged() throws Exception {
        ChangeLanes lanes = heldBySlow(1, "registered", "t1");
        lanes.add("a", 2, List.of("interactions"), "t2");
        lanes.add("a", 3, List.of("consent"), "t3");
        lanes.add("b", 1, List.of("registered"), "t4");
        release.countDown();
        lanes.finish();

        assertThat(worked).containsExactly(new Worked("slow", 1, Set.of("registered")),
                new Worked("a", 3, Set.of("interactions", "consent")), new Worked("b", 1, Set.of("registered")));
        assertThat(saved).last().isEqualTo("t4");
    }

    @Test
    void theSavedPositionNeverPassesAChangeThatIsNotDone() throws Exception {
        ChangeLanes lanes = heldBySlow(4, "interactions", "t1");
        for (int i = 2; i <= 20; i++) {
            lanes.add("fast-" + i, 1, List.of("interactions"), "t" + i);
        }
        lanes.skip("t21");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (worked.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        assertThat(worked).as("the other lanes went on meanwhile").isNotEmpty();
        assertThat(saved).as("nothing saved past the change still being worked").isEmpty();

        release.countDown();
        lanes.finish();
        assertThat(saved).last().isEqualTo("t21");
    }

    @Test
    void aRunOfSkippedChangesIsSavedAtMostOnceASecondAndInFullAtTheEnd() throws Exception {
        ChangeLanes lanes = lanes(2, 100);
        long started = System.nanoTime();
        for (int i = 1; i <= 5_000; i++) {
            lanes.skip("t" + i);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertThat(saved.size()).as("not a write per skipped change").isLessThanOrEqualTo((int) seconds + 1);

        lanes.finish();
        assertThat(saved).last().isEqualTo("t5000");
    }

    @Test
    void aFailureStopsTheLanesAndTheFeedIsSavedOnlyUpToTheChangeBeforeIt() throws Exception {
        ChangeLanes lanes = heldBySlow(1, "interactions", "t0");
        lanes.add("a", 1, List.of("interactions"), "t1");
        lanes.add("bad", 1, List.of("interactions"), "t2");
        lanes.add("c", 1, List.of("interactions"), "t3");
        release.countDown();

        assertThatThrownBy(lanes::finish).hasMessage("no view for bad");
        assertThat(saved).as("a was worked, but in the batch that failed").containsExactly("t0");
        assertThat(worked).extracting(Worked::customer).containsExactly("slow", "a");
        assertThatThrownBy(() -> lanes.add("d", 1, List.of("interactions"), "t4")).hasMessage("no view for bad");
    }

    @Test
    void handingInWaitsWhileTheWindowIsFull() throws Exception {
        ChangeLanes lanes = lanes(2, 2);
        lanes.add("slow", 1, List.of("interactions"), "t1");
        lanes.add("slow", 2, List.of("interactions"), "t2");
        Thread third = new Thread(() -> {
            try {
                lanes.add("a", 1, List.of("interactions"), "t3");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        third.start();
        third.join(300);
        assertThat(third.isAlive()).as("the third change waits for room").isTrue();

        release.countDown();
        third.join(5_000);
        assertThat(third.isAlive()).isFalse();
        lanes.finish();
        assertThat(worked).extracting(Worked::customer).contains("a");
        assertThat(saved).last().isEqualTo("t3");
    }
}
