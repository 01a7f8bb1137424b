package dev.wscommands.session;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A task the server runs on a timer for as long as it runs (the session checks, the HTTP deadlines). A
 * scheduled executor cancels a periodic task for good the first time it throws, silently; wrapped in this,
 * whatever one run throws, an {@link Error} such as {@link OutOfMemoryError} included, is logged and the next
 * run goes ahead. A failure that repeats is logged at most once a minute, so that it cannot flood the log.
 */
public final class PeriodicTask implements Runnable {

    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String name;
    private final Runnable task;
    private final Logger log;
    private long lastLogged;
    private boolean logged;
    private long suppressed;

    /** {@code task}, named {@code name} in the log lines of {@code log}. */
    public PeriodicTask(String name, Runnable task, Logger log) {
        this.name = name;
        this.task = task;
        this.log = log;
    }

    @Override
    public void run() {
        try {
            task.run();
        } catch (Throwable failure) { // NOPMD: the whole point is that nothing ends the schedule
            failed(failure);
        }
    }

    private synchronized void failed(Throwable failure) {
        long now = System.nanoTime();
        if (logged && now - lastLogged < LOG_INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        long before = suppressed;
        logged = true;
        lastLogged = now;
        suppressed = 0;
        log.log(Level.SEVERE, failure, () -> name + " failed; it goes on at its next run"
                + (before == 0 ? "" : " (" + before + " more failures since the last report)"));
    }
}
