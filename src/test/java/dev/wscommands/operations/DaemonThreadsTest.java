package dev.wscommands.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void awaitEndReturnsOnlyOnceEveryThreadHasEnded() throws Exception {
        List<Thread> seen = new ArrayList<>();
        DaemonThreads threads = DaemonThreads.numbered("daemon-threads-test-");
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = threads.newThread(runnable);
            seen.add(thread);
            return thread;
        });
        for (int i = 0; i < 2; i++) {
            executor.execute(() -> sleep(200));
        }
        executor.shutdown();

        assertTrue(threads.awaitEnd(Duration.ofSeconds(5)));

        assertEquals(2, seen.size());
        for (Thread thread : seen) {
            assertFalse(thread.isAlive(), thread.getName() + " is still alive");
            assertTrue(thread.isDaemon());
        }
        assertEquals(List.of("daemon-threads-test-1", "daemon-threads-test-2"),
                seen.stream().map(Thread::getName).sorted().toList());
    }

    @Test
    void awaitEndSaysSoWhenAThreadOutlivesTheTimeout() throws Exception {
        DaemonThreads threads = DaemonThreads.named("daemon-threads-stuck");
        ExecutorService executor = Executors.newSingleThreadExecutor(threads);
        executor.execute(() -> sleep(2_000));
        executor.shutdown();

        assertFalse(threads.awaitEnd(Duration.ofMillis(100)));
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(threads.awaitEnd(Duration.ofSeconds(5)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
