package dev.wscommands.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Every thread of one client: its own two, and those started on them and on their descendants, which is how the
 * WebSocket container's threads for the client's connections come to be (Grizzly's selector and workers, Tyrus's
 * executors): a thread joins its creator's {@link ThreadGroup}. So {@link CommandClient#close()} can wait for
 * exactly the threads it stopped, by their group, whatever the container names them.
 */
final class ClientThreads {

    private static final Logger LOG = Logger.getLogger(CommandClient.class.getName());
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    /** How long threads may take to end before the container is stopped once more. */
    private static final Duration STOP_AGAIN_AFTER = Duration.ofMillis(200);

    private final ThreadGroup group = new ThreadGroup("ws-commands-client-" + CLIENTS.incrementAndGet());

    /** Daemon threads named {@code name}, in this client's group. */
    ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(group, runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The client's threads alive now. */
    List<Thread> alive() {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int count = group.enumerate(threads, true);
        return new ArrayList<>(Arrays.asList(threads).subList(0, count));
    }

    /**
     * Waits up to {@code timeout} for every thread of the client to end, but the caller's and those {@code kept}
     * (a shared container's); logs the ones still alive then. {@code stopAgain} runs whenever some are still alive
     * after a short wait: the container makes some of its executors on first use, and one that a closing
     * connection first used after the container was stopped would otherwise keep its threads for good.
     */
    void awaitEnd(Duration timeout, Predicate<Thread> kept, Runnable stopAgain) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Predicate<Thread> awaited = t -> t != Thread.currentThread() && !kept.test(t);
        try {
            // Again until none is left: a thread that is ending may start another (Tyrus's and Grizzly's shutdown
            // does), which a single pass over the threads alive at first would miss.
            List<Thread> waiting = alive().stream().filter(awaited).toList();
            while (!waiting.isEmpty() && deadline - System.nanoTime() > 0) {
                long sliceEnd = Math.min(deadline, System.nanoTime() + STOP_AGAIN_AFTER.toNanos());
                for (Thread thread : waiting) {
                    long left = sliceEnd - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    thread.join(Math.max(1, left / 1_000_000));
                }
                waiting = alive().stream().filter(awaited).toList();
                if (!waiting.isEmpty()) {
                    stopAgain.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Thread> left = alive().stream().filter(awaited).toList();
        if (!left.isEmpty()) {
            LOG.warning(() -> "client threads still alive " + timeout.toMillis() + " ms after close: "
                    + left.stream().map(Thread::getName).collect(Collectors.joining(", ")));
        }
    }
}
