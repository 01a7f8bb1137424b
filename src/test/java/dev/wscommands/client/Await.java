package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Waits for conditions that have no event to wait on: how many threads live, a counter reaching a value. */
final class Await {

    private Await() {
    }

    /** Live threads in the JVM. */
    static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * Waits until no more than {@code baseline} threads live. Threads end a little after the code that stopped
     * them returns (Grizzly's pools, for one), so the count is checked until {@code timeout}.
     */
    static void threadsAtMost(int baseline, Duration timeout) {
        condition(() -> liveThreads() <= baseline, timeout,
                () -> liveThreads() + " threads alive, baseline " + baseline + ": " + threadNames());
    }

    /** Checks {@code condition} every few milliseconds until it holds; fails with {@code what} after {@code timeout}. */
    static void condition(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    private static String threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted()
                .collect(Collectors.joining(", "));
    }
}
