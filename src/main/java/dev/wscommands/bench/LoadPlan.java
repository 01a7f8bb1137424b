package dev.wscommands.bench;

import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * What one bench run does.
 *
 * @param url         the command endpoint, {@code ws://host:port/server}
 * @param connections connections opened, each kept busy for the whole run
 * @param inFlight    requests each connection keeps in flight (sent, not yet answered)
 * @param duration    how long the measured part of the run lasts (idle mode: how long connections are held)
 * @param warmup      how long the load runs, unmeasured, before the measured part
 * @param serverPid   the server's process, for its CPU time and memory (Linux {@code /proc}); empty if unknown
 */
public record LoadPlan(URI url, int connections, int inFlight, Duration duration, Duration warmup,
                       OptionalLong serverPid) {

    public LoadPlan {
        if (connections < 1 || inFlight < 1) {
            throw new IllegalArgumentException("connections and in-flight must be at least 1");
        }
        if (duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }
}
