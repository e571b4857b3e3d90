package io.rapport.messaging.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.rapport.platform.testing.TestMongo;
import org.junit.jupiter.api.Test;

/** The workers' timer keeps looking for due attempts whatever a look throws. */
class DispatchWorkersTest {

    @Test
    void aLookThatThrowsAnErrorDoesNotEndThePolling() {
        AtomicInteger looks = new AtomicInteger();
        DispatchQueue queue = new DispatchQueue(TestMongo.client().getDatabase("dispatch-" + System.nanoTime())) {
            @Override
            public List<Due> claim(Instant now, int limit, long leaseMillis, Set<String> busy) {
                if (looks.incrementAndGet() == 1) {
                    throw new LinkageError("a class that could not be loaded");
                }
                return List.of();
            }
        };
        DispatchWorkers workers = new DispatchWorkers(queue, new Deliveries(Map.of(), null, null, null),
                Duration.ofMillis(50), Duration.ofSeconds(60), 1);
        workers.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 3);
            assertThat(workers.isRunning()).isTrue();
        } finally {
            workers.stop();
        }
    }
}
