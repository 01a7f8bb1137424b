package dev.wscommands.bench;

import java.util.Locale;

/**
 * The figures of one handshake run.
 *
 * @param plan           what was run: its connections are the concurrent churning threads
 * @param seconds        the measured time
 * @param completed      connections opened, used once and closed in that time
 * @param failed         connections that failed in that time
 * @param firstFailure   what the first failure said, or null
 * @param serverCpuNanos the server's CPU time in that time; -1 if unknown
 */
public record HandshakeReport(LoadPlan plan, double seconds, long completed, long failed, String firstFailure,
                              long serverCpuNanos) {

    public double perSecond() {
        return completed / seconds;
    }

    /** The server's CPU time per completed handshake, in microseconds; -1 if unknown. */
    public double serverCpuMicrosPerHandshake() {
        return serverCpuNanos < 0 || completed == 0 ? -1 : serverCpuNanos / 1e3 / completed;
    }

    public boolean allSucceeded() {
        return failed == 0 && completed > 0;
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "bench --handshakes %s: %d threads, %.1f s%n", plan.url(),
                plan.connections(), seconds));
        text.append(String.format(Locale.ROOT, "  handshakes  %d (%.0f/s), each: connect, one request, close%n",
                completed, perSecond()));
        text.append(String.format(Locale.ROOT, "  failed      %d%s%n", failed,
                firstFailure == null ? "" : " (first: " + firstFailure + ")"));
        if (serverCpuMicrosPerHandshake() >= 0) {
            text.append(String.format(Locale.ROOT, "  server CPU  %.0f us per handshake%n", serverCpuMicrosPerHandshake()));
        }
        return text.toString();
    }

    public String json() {
        return new JsonLine()
                .add("mode", "handshakes")
                .add("url", plan.url().toString())
                .add("threads", plan.connections())
                .add("seconds", seconds)
                .add("handshakes", completed)
                .add("handshakesPerSecond", perSecond())
                .add("failed", failed)
                .addKnown("serverCpuMicrosPerHandshake", serverCpuMicrosPerHandshake())
                .toString();
    }
}
