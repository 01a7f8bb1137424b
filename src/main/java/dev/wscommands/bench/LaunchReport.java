package dev.wscommands.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The figures of a cold-start run: one {@link Launch} per launch of the server, and their medians.
 *
 * @param plan     the endpoint and the request sent
 * @param command  the server's command line
 * @param launches what each launch measured, in order
 */
public record LaunchReport(LoadPlan plan, List<String> command, List<Launch> launches) {

    /**
     * One launch.
     *
     * @param portOpenMillis          from starting the process to the first accepted connection
     * @param firstReplyMillis        from starting the process to the first reply received
     * @param firstRoundTripMicros    the first request's round trip (the handshake not included)
     * @param laterRoundTripMicros    the median round trip of requests 2 to {@value LaunchProbe#REQUESTS}
     * @param rssBytes                the server's resident memory after answering them; -1 if unknown
     * @param cpuMillis               the server's CPU time (user and system) up to its first reply; -1 if unknown
     */
    public record Launch(double portOpenMillis, double firstReplyMillis, double firstRoundTripMicros,
                         double laterRoundTripMicros, long rssBytes, double cpuMillis) {

        String text() {
            return String.format(Locale.ROOT,
                    "port open %.0f ms, first reply %.0f ms (server CPU %.0f ms), first round trip %.0f µs, "
                            + "later %.0f µs, RSS %.1f MiB",
                    portOpenMillis, firstReplyMillis, cpuMillis, firstRoundTripMicros, laterRoundTripMicros,
                    rssBytes / 1048576.0);
        }
    }

    /** The median of {@code figure} over the launches (the lower middle one for an even count). */
    public double median(ToDoubleFunction<Launch> figure) {
        double[] values = launches.stream().mapToDouble(figure).sorted().toArray();
        return values[(values.length - 1) / 2];
    }

    private String each(ToDoubleFunction<Launch> figure, double scale, String format) {
        return launches.stream().mapToDouble(figure)
                .mapToObj(v -> String.format(Locale.ROOT, format, v / scale)).collect(Collectors.joining(" "));
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "bench --launch %d: %s%n", launches.size(), String.join(" ", command)));
        text.append(String.format(Locale.ROOT, "  port open          median %.0f ms   (%s)%n",
                median(Launch::portOpenMillis), each(Launch::portOpenMillis, 1, "%.0f")));
        text.append(String.format(Locale.ROOT, "  first reply        median %.0f ms   (%s)%n",
                median(Launch::firstReplyMillis), each(Launch::firstReplyMillis, 1, "%.0f")));
        text.append(String.format(Locale.ROOT, "  server CPU by then median %.0f ms   (%s)%n",
                median(Launch::cpuMillis), each(Launch::cpuMillis, 1, "%.0f")));
        text.append(String.format(Locale.ROOT, "  first round trip   median %.0f µs   (%s)%n",
                median(Launch::firstRoundTripMicros), each(Launch::firstRoundTripMicros, 1, "%.0f")));
        text.append(String.format(Locale.ROOT, "  requests 2-%d      median %.0f µs   (%s)%n", LaunchProbe.REQUESTS,
                median(Launch::laterRoundTripMicros), each(Launch::laterRoundTripMicros, 1, "%.0f")));
        text.append(String.format(Locale.ROOT, "  RSS after start    median %.1f MiB (%s)%n",
                median(Launch::rssBytes) / 1048576.0, each(Launch::rssBytes, 1048576.0, "%.1f")));
        return text.toString();
    }

    public String json() {
        return new JsonLine()
                .add("mode", "launch")
                .add("url", plan.url().toString())
                .add("command", String.join(" ", command))
                .add("launches", launches.size())
                .add("portOpenMillis", median(Launch::portOpenMillis))
                .add("firstReplyMillis", median(Launch::firstReplyMillis))
                .add("serverCpuToFirstReplyMillis", median(Launch::cpuMillis))
                .add("firstRoundTripMicros", median(Launch::firstRoundTripMicros))
                .add("laterRoundTripMicros", median(Launch::laterRoundTripMicros))
                .add("rssAfterStartBytes", (long) median(Launch::rssBytes))
                .add("portOpenEach", each(Launch::portOpenMillis, 1, "%.0f"))
                .add("firstReplyEach", each(Launch::firstReplyMillis, 1, "%.0f"))
                .add("serverCpuEach", each(Launch::cpuMillis, 1, "%.0f"))
                .add("firstRoundTripEach", each(Launch::firstRoundTripMicros, 1, "%.0f"))
                .add("rssAfterStartEach", each(Launch::rssBytes, 1048576.0, "%.1f"))
                .toString();
    }
}
