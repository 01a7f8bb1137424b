package dev.wscommands.operations;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads of one executor, remembered so that a close can wait until each has ended. An executor's
 * {@code awaitTermination} returns while its last thread is still alive for a moment, and a container that looks
 * for threads its web application left behind (Tomcat, right after the application stopped) reports that one.
 */
public final class DaemonThreads implements ThreadFactory {

    private final String name;
    private final AtomicInteger count;
    private final Set<Thread> made = ConcurrentHashMap.newKeySet();

    private DaemonThreads(String name, AtomicInteger count) {
        this.name = name;
        this.count = count;
    }

    /** Threads all named {@code name}: an executor of one thread. */
    public static DaemonThreads named(String name) {
        return new DaemonThreads(name, null);
    }

    /** Threads named {@code prefix} and a number from 1. */
    public static DaemonThreads numbered(String prefix) {
        return new DaemonThreads(prefix, new AtomicInteger());
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, count == null ? name : name + count.incrementAndGet());
        thread.setDaemon(true);
        // An executor whose idle threads time out makes new ones for as long as it runs: forget the ended ones.
        made.removeIf(old -> !old.isAlive());
        made.add(thread);
        return thread;
    }

    /**
     * Waits up to {@code timeout} until every thread made has ended; call it once the executor was shut down.
     *
     * @return whether none is left
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : made) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Math.max(1, left / 1_000_000));
            }
            if (!thread.isAlive()) {
                made.remove(thread);
            }
        }
        return made.isEmpty();
    }
}
