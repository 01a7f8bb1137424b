package dev.wscommands.client;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client's own thread: every change to the client's state, every listener call and every completion of a
 * request's future happens on it, so none of that needs locks. After {@link #shutdown()} the tasks already posted
 * still run; deadlines, pings and retries no longer come due. A task that throws is logged, and the thread, and
 * a periodic task's next runs, go on.
 */
final class ClientThread {

    private static final Logger LOG = Logger.getLogger(CommandClient.class.getName());

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    ClientThread(ThreadFactory factory) {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread created = factory.newThread(runnable);
            thread = created;
            return created;
        });
        // Cancelled deadlines of answered requests would otherwise stay queued until due.
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} on the client's thread; false when the client is closed. Any thread. */
    boolean post(Runnable task) {
        try {
            executor.execute(guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Runs {@code task} on the client's thread after {@code delay}. Any thread.
     *
     * @throws RejectedExecutionException when the client is closed
     */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} every {@code interval}, the first time after one interval, until cancelled. */
    ScheduledFuture<?> every(Runnable task, Duration interval) {
        return executor.scheduleWithFixedDelay(guarded(task), interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** An executor keeps what a task throws in the task's future, unseen, and cancels a periodic task for good. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.SEVERE, e, () -> "a task of the client's thread failed; the client goes on");
            }
        };
    }

    /** Whether the caller runs on the client's thread. */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /** Takes no more tasks; those already posted still run. */
    void shutdown() {
        executor.shutdown();
    }

    /** Waits up to {@code timeout} for the thread to end. */
    void awaitTermination(Duration timeout) {
        try {
            if (!executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warning("the client's thread did not end in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
