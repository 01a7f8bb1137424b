package dev.wscommands.commands;

import dev.wscommands.operations.DaemonThreads;
import dev.wscommands.settings.ServerSettings;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The threads of one server's blocking commands, and the timer of every command's timeout. Both are bounded:
 * {@code command-threads} workers and a queue of {@code command-queue} commands; past that a command is
 * refused, never queued without bound. Idle workers end after a minute, so an idle server holds none.
 */
final class CommandExecutor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CommandExecutor.class.getName());
    private static final Duration WORKER_KEEP_ALIVE = Duration.ofMinutes(1);
    /**
     * How long {@link #close()} waits for interrupted commands to end: a command may clean up first, and one that
     * ignores interrupts must not hold a shutdown, or an undeploy, for good.
     */
    private static final Duration END_WAIT = Duration.ofSeconds(5);

    private final DaemonThreads workerThreads = DaemonThreads.numbered("ws-commands-command-");
    private final DaemonThreads timerThreads = DaemonThreads.numbered("ws-commands-command-timer-");
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timer;

    CommandExecutor(ServerSettings settings) {
        BlockingQueue<Runnable> queue = settings.commandQueue() == 0
                ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.commandQueue());
        workers = new ThreadPoolExecutor(settings.commandThreads(), settings.commandThreads(),
                WORKER_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS, queue, workerThreads,
                new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
        timer = new ScheduledThreadPoolExecutor(1, timerThreads);
        // A command that ends in time cancels its timeout: drop the task then, not when it would have run.
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs {@code work} on a worker.
     *
     * @return its future, to cancel it; {@code null} when every worker is busy and the queue is full
     */
    Future<?> submit(Runnable work) {
        try {
            return workers.submit(work);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Interrupts every command still running, stops the threads and waits, a few seconds at most, until they have
     * ended, so that no command outlives the server (or, in a container, its web application).
     */
    @Override
    public void close() {
        workers.shutdownNow();
        timer.shutdownNow();
        long deadline = System.nanoTime() + END_WAIT.toNanos();
        boolean ended = false;
        try {
            ended = workerThreads.awaitEnd(END_WAIT)
                    & timerThreads.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!ended) {
            LOG.warning(() -> workers.getActiveCount() + " command(s) still running " + END_WAIT.toSeconds()
                    + " s after the shutdown interrupted them: they end when their handler returns");
        }
    }
}
