package dev.wscommands.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The figures of one load run, over its measured part only.
 *
 * @param plan                  what was run
 * @param seconds               length of the measured part
 * @param replies               replies received in it
 * @param latency               request-to-reply latencies in nanoseconds
 * @param errors                error replies, failed sends and connections lost
 * @param mismatched            replies whose RequestID matched no request in flight on their connection
 * @param missing               requests never answered by the end of the run
 * @param connectMillis         time taken to open every connection
 * @param toolCpuNanos          CPU time of the bench tool itself in the measured part; -1 if unknown
 * @param serverCpuNanos        CPU time of the server process in the measured part; -1 if unknown
 */
public record BenchReport(LoadPlan plan, double seconds, long replies, Histogram latency, long errors,
                          long mismatched, long missing, long connectMillis, long toolCpuNanos, long serverCpuNanos) {

    public double messagesPerSecond() {
        return seconds > 0 ? replies / seconds : 0;
    }

    /** Whether every request was answered by the reply that belongs to it, without error. */
    public boolean allMatched() {
        return errors == 0 && mismatched == 0 && missing == 0 && replies > 0;
    }

    public double toolCpuMicrosPerRequest() {
        return perRequestMicros(toolCpuNanos);
    }

    public double serverCpuMicrosPerRequest() {
        return perRequestMicros(serverCpuNanos);
    }

    private double perRequestMicros(long cpuNanos) {
        return cpuNanos < 0 || replies == 0 ? -1 : cpuNanos / 1000.0 / replies;
    }

    private double micros(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    /** A human-readable summary, several lines. */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "bench %s: %d connections x %d in flight, %.1f s measured%n",
                plan.url(), plan.connections(), plan.inFlight(), seconds));
        text.append(String.format(Locale.ROOT, "  throughput  %,.0f msg/s (%,d replies)%n", messagesPerSecond(), replies));
        text.append(String.format(Locale.ROOT,
                "  latency µs  p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  (mean %.1f)%n",
                micros(50), micros(90), micros(99), micros(99.9), latency.getMaxValue() / 1000.0,
                latency.getMean() / 1000.0));
        text.append(String.format(Locale.ROOT, "  errors %d  mismatched %d  missing %d  (%s)%n",
                errors, mismatched, missing, allMatched() ? "all matched" : "NOT all matched"));
        text.append(String.format(Locale.ROOT, "  connect     %d ms for %d connections%n", connectMillis,
                plan.connections()));
        text.append(String.format(Locale.ROOT, "  tool CPU    %s%n", cpu(toolCpuNanos, toolCpuMicrosPerRequest())));
        if (serverCpuNanos >= 0) {
            text.append(String.format(Locale.ROOT, "  server CPU  %s%n",
                    cpu(serverCpuNanos, serverCpuMicrosPerRequest())));
        }
        return text.toString();
    }

    private static String cpu(long nanos, double perRequest) {
        if (nanos < 0) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%.0f ms, %.1f µs per request", nanos / 1e6, perRequest);
    }

    /** The same figures as one JSON line; latencies in microseconds, CPU in microseconds per request. */
    public String json() {
        return new JsonLine()
                .add("mode", "load")
                .add("url", plan.url().toString())
                .add("connections", plan.connections())
                .add("inFlight", plan.inFlight())
                .add("seconds", seconds)
                .add("replies", replies)
                .add("msgsPerSecond", messagesPerSecond())
                .add("p50Micros", micros(50))
                .add("p90Micros", micros(90))
                .add("p99Micros", micros(99))
                .add("p999Micros", micros(99.9))
                .add("maxMicros", latency.getMaxValue() / 1000.0)
                .add("meanMicros", latency.getMean() / 1000.0)
                .add("errors", errors)
                .add("mismatched", mismatched)
                .add("missing", missing)
                .add("allMatched", allMatched())
                .add("connectMillis", connectMillis)
                .addKnown("toolCpuMicrosPerRequest", toolCpuMicrosPerRequest())
                .addKnown("serverCpuMicrosPerRequest", serverCpuMicrosPerRequest())
                .toString();
    }
}
