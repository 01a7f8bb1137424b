package dev.wscommands.client;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The counts of one {@link CommandClient} ({@link ClientStats}) as Micrometer meters, tagged {@code server=host:port}:
 * {@code ws.commands.client.sent}, {@code .answered}, {@code .resent}, {@code .failed}, {@code .reconnects},
 * {@code .unmatched} (counters) and {@code ws.commands.client.pending} (a gauge). They are read from the client
 * when the registry is scraped, and removed when the client closes.
 */
final class ClientMetrics {

    static final String PREFIX = "ws.commands.client.";
    static final String SERVER_TAG = "server";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    private ClientMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers the meters of {@code client}, which connects to {@code endpoint}.
     *
     * @throws IllegalArgumentException when {@code registry} already has the meters of a client of the same server:
     *                                  Micrometer would hand back the other client's meters
     */
    static ClientMetrics register(CommandClient client, URI endpoint, MeterRegistry registry) {
        Tags tags = Tags.of(SERVER_TAG, server(endpoint));
        if (registry.find(PREFIX + "sent").tags(tags).meter() != null) {
            throw new IllegalArgumentException("the registry already has the meters of a client of " + server(endpoint));
        }
        ClientMetrics metrics = new ClientMetrics(registry);
        metrics.counter(client, tags, "sent", "Requests written to a connection for the first time",
                stats -> stats.sent());
        metrics.counter(client, tags, "answered", "Replies matched to a request", stats -> stats.answered());
        metrics.counter(client, tags, "resent", "Requests written again on a new connection after theirs died",
                stats -> stats.resent());
        metrics.counter(client, tags, "failed", "Requests that ended without a successful reply",
                stats -> stats.failed());
        metrics.counter(client, tags, "reconnects", "Connections opened after the first", stats -> stats.reconnects());
        metrics.counter(client, tags, "unmatched", "Replies that matched no pending request",
                stats -> stats.unmatched());
        metrics.meters.add(Gauge.builder(PREFIX + "pending", client, CommandClient::pending).tags(tags)
                .description("Requests sent or waiting to be sent, and not yet answered").register(registry));
        return metrics;
    }

    /** Removes the meters from the registry. */
    void remove() {
        meters.forEach(registry::remove);
    }

    private void counter(CommandClient client, Tags tags, String name, String description,
                         ToDoubleFunction<ClientStats> count) {
        meters.add(FunctionCounter.builder(PREFIX + name, client, c -> count.applyAsDouble(c.stats())).tags(tags)
                .description(description).register(registry));
    }

    /** {@code host:port} of {@code endpoint}, with the scheme's port when it names none. */
    static String server(URI endpoint) {
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : "wss".equals(endpoint.getScheme()) ? 443 : 80;
        return endpoint.getHost() + ":" + port;
    }
}
