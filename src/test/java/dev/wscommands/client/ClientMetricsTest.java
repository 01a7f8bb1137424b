package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A {@link CommandClient} given a {@code MeterRegistry} shows its counts there while it runs. */
class ClientMetricsTest {

    private static final Duration TIMEOUT = RecordingListener.TIMEOUT;
    private static final String EJECT = "Eject the hot dog.";

    private final RecordingListener events = new RecordingListener();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private StandaloneServer server;
    private TcpRelay relay;
    private String tag;

    @BeforeEach
    void start() throws Exception {
        server = new StandaloneServer(StandaloneSettings.onPort(0));
        server.start();
        relay = new TcpRelay(server.port());
        tag = "127.0.0.1:" + relay.endpoint().getPort();
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
        server.close();
    }

    private ClientSettings settings() {
        return ClientSettings.defaults(relay.endpoint())
                .withReconnect(Backoff.of(Duration.ofMillis(20), Duration.ofMillis(100)), Duration.ofSeconds(10));
    }

    private double value(String name) {
        return registry.get("ws.commands.client." + name).tag("server", tag).meter().measure().iterator().next()
                .getValue();
    }

    private static Message reply(CompletableFuture<Message> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void countersFollowTheClientThroughAReconnectAndAreRemovedOnClose() throws Exception {
        try (CommandClient client = CommandClient.connect(settings(), events, registry)) {
            for (int i = 0; i < 3; i++) {
                reply(client.send(EJECT));
            }
            assertFalse(reply(client.send("Launch the rocket.")).success());
            assertEquals(4, value("sent"));
            assertEquals(4, value("answered"));
            assertEquals(1, value("failed"));
            assertEquals(0, value("pending"));

            // Two requests reach a connection that no longer answers, then it breaks: both are resent.
            relay.freeze();
            CompletableFuture<Message> first = client.send(EJECT);
            CompletableFuture<Message> second = client.send(EJECT);
            Await.condition(() -> value("sent") == 6, TIMEOUT, () -> "sent " + value("sent"));
            assertEquals(2, value("pending"));
            relay.dropAll();
            assertTrue(reply(first).success());
            assertTrue(reply(second).success());

            assertEquals(6, value("answered"));
            assertEquals(2, value("resent"));
            assertEquals(1, value("reconnects"));
            assertEquals(0, value("unmatched"));
            assertEquals(0, value("pending"));
            assertEquals(client.stats().answered(), (long) value("answered"));
        }
        assertNull(registry.find("ws.commands.client.sent").meter(), "meters of a closed client");
        assertTrue(registry.getMeters().isEmpty(), registry.getMetersAsString());
    }

    @Test
    void aSecondOpenClientOfTheSameServerIsRefusedItsMeters() throws Exception {
        try (CommandClient first = CommandClient.connect(settings(), events, registry)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> CommandClient.connect(settings(), new ClientListener() { }, registry));
            assertEquals("the registry already has the meters of a client of " + tag, refused.getMessage());
            reply(first.send(EJECT));
            assertEquals(1, value("answered"), "the first client's meters");
        }
        // Once the first has closed, a client of the same server may show its meters.
        try (CommandClient next = CommandClient.connect(settings(), events, registry)) {
            reply(next.send(EJECT));
            assertEquals(1, value("sent"));
        }
    }

    @Test
    void theServerTagNamesTheSchemesPortWhenTheUrlHasNone() {
        assertEquals("example.com:443", ClientMetrics.server(URI.create("wss://example.com/server")));
        assertEquals("example.com:80", ClientMetrics.server(URI.create("ws://example.com/server")));
        assertEquals("127.0.0.1:8080", ClientMetrics.server(URI.create("ws://127.0.0.1:8080/server")));
    }
}
