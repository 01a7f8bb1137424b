package dev.wscommands.bench;

import java.util.Locale;

/**
 * The figures of one idle run.
 *
 * @param plan              what was run
 * @param sourceAddresses   how many local addresses the connections were spread over
 * @param opened            connections whose handshake succeeded
 * @param openMillis        time taken to open them all
 * @param alive             connections that answered one request after the hold
 * @param serverRssBefore   the server's resident memory before opening, in bytes; -1 if unknown
 * @param serverRssHeld     the server's resident memory while holding them, in bytes; -1 if unknown
 * @param toolCpuNanos      CPU time of the bench tool over the whole run; -1 if unknown
 */
public record IdleReport(LoadPlan plan, int sourceAddresses, int opened, long openMillis, int alive,
                         long serverRssBefore, long serverRssHeld, long toolCpuNanos) {

    /** Server memory per open connection above the idle server's own, in bytes; -1 if unknown. */
    public double rssPerConnection() {
        return serverRssBefore < 0 || serverRssHeld < 0 || opened == 0
                ? -1 : (double) (serverRssHeld - serverRssBefore) / opened;
    }

    /** Whether every connection opened and answered. */
    public boolean allAlive() {
        return opened == plan.connections() && alive == opened;
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "bench --idle %s: %d connections from %d source addresses, held %d s%n",
                plan.url(), plan.connections(), sourceAddresses, plan.duration().toSeconds()));
        text.append(String.format(Locale.ROOT, "  opened      %d in %d ms%n", opened, openMillis));
        text.append(String.format(Locale.ROOT, "  alive       %d of %d (%s)%n", alive, plan.connections(),
                allAlive() ? "all alive" : "NOT all alive"));
        if (rssPerConnection() >= 0) {
            text.append(String.format(Locale.ROOT, "  server RSS  %.1f MiB idle, %.1f MiB holding: %.1f KiB per connection%n",
                    serverRssBefore / 1048576.0, serverRssHeld / 1048576.0, rssPerConnection() / 1024));
        }
        if (toolCpuNanos >= 0) {
            text.append(String.format(Locale.ROOT, "  tool CPU    %.0f ms%n", toolCpuNanos / 1e6));
        }
        return text.toString();
    }

    public String json() {
        return new JsonLine()
                .add("mode", "idle")
                .add("url", plan.url().toString())
                .add("connections", plan.connections())
                .add("sourceAddresses", sourceAddresses)
                .add("heldSeconds", plan.duration().toSeconds())
                .add("opened", opened)
                .add("openMillis", openMillis)
                .add("alive", alive)
                .add("allAlive", allAlive())
                .add("serverRssBeforeBytes", serverRssBefore)
                .add("serverRssHeldBytes", serverRssHeld)
                .addKnown("serverRssPerConnectionBytes", rssPerConnection())
                .addKnown("toolCpuMillis", toolCpuNanos < 0 ? -1 : toolCpuNanos / 1e6)
                .toString();
    }
}
