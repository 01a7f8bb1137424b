package dev.wscommands.operations;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets through at most a number of log lines per minute, for lines that a client can cause at will (a refused
 * handshake, a forbidden command): an attacker must not be able to flood the log, nor hide in it. The first line
 * after a minute in which some were held back says how many. Thread-safe.
 */
public final class LogLimiter {

    private static final long WINDOW = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final int perMinute;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int logged;
    private long suppressed;

    public LogLimiter(Logger log, int perMinute) {
        this(log, perMinute, System::nanoTime);
    }

    LogLimiter(Logger log, int perMinute, LongSupplier nanoClock) {
        this.log = log;
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** Logs {@code line} at {@code level}, unless this minute's lines are used up. */
    public void log(Level level, Supplier<String> line) {
        if (!log.isLoggable(level)) {
            return;
        }
        long held;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (now - windowStart >= WINDOW) {
                windowStart = now;
                logged = 0;
            }
            if (logged >= perMinute) {
                suppressed++;
                return;
            }
            logged++;
            held = suppressed;
            suppressed = 0;
        }
        log.log(level, held == 0 ? line.get() : line.get() + " (" + held + " similar lines not logged before)");
    }
}
