package dev.wscommands.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.protocol.Message;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.Counter;
import dev.wscommands.testing.RunningServer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client names itself, so that a request it resends after a cut connection is answered from the first run. */
class ClientIdTest {

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private final Counter counter = new Counter(Duration.ofMillis(1500));

    private StandaloneServer start() throws Exception {
        return running.start(ServerSettings.defaults(), CommandCatalog.builder()
                .addAll(CommandCatalog.builtIn().commands().stream().toList()).add(counter, "test").build());
    }

    private static ClientSettings settings(java.net.URI endpoint) {
        return ClientSettings.defaults(endpoint).withReconnect(Backoff.of(Duration.ofMillis(50), Duration.ofMillis(200)),
                Duration.ofSeconds(10));
    }

    /** Sends {@code counter}, cuts the connection while it runs, and returns the reply to the resend. */
    private Message sendAndCut(ClientSettings settings, TcpRelay relay) throws Exception {
        try (CommandClient client = CommandClient.connect(settings)) {
            var reply = client.send("counter");
            await().atMost(Duration.ofSeconds(10)).until(() -> counter.started() == 1);
            relay.dropAll();
            return reply.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRequestResentAfterACutConnectionRunsOnce() throws Exception {
        StandaloneServer server = start();
        try (TcpRelay relay = new TcpRelay(server.port())) {
            Message reply = sendAndCut(settings(relay.endpoint()), relay);
            assertEquals(Message.success(1, "count 1"), reply);
            assertTrue(relay.accepted() >= 2, "the client did reconnect");
        }
        assertEquals(1, counter.started(), "the resend did not run the command again");
    }

    @Test
    void withoutAClientIdTheResendRunsAgain() throws Exception {
        StandaloneServer server = start();
        try (TcpRelay relay = new TcpRelay(server.port())) {
            Message reply = sendAndCut(settings(relay.endpoint()).withClientId(ClientSettings.NONE), relay);
            assertEquals(Message.success(1, "count 1"), reply, "the resend's own run (the cut cancelled the first)");
        }
        assertEquals(2, counter.started(), "the resend ran the command again");
    }

    @Test
    void eachClientHasAFreshIdAndAKeptOneGoesOnFromItsFirstRequestId() throws Exception {
        StandaloneServer server = start();
        ClientSettings defaults = ClientSettings.defaults(server.endpoint());
        try (CommandClient a = CommandClient.connect(defaults); CommandClient b = CommandClient.connect(defaults)) {
            assertNotEquals(a.clientId(), b.clientId());
            assertEquals(36, a.clientId().orElseThrow().length());
        }
        String kept = UUID.randomUUID().toString();
        try (CommandClient first = CommandClient.connect(defaults.withClientId(kept, 1))) {
            assertEquals(Message.success(1, "count 1"), first.send("counter").get(10, TimeUnit.SECONDS));
        }
        try (CommandClient restarted = CommandClient.connect(defaults.withClientId(kept, 1))) {
            // The same ID starting at 1 again: answered with the old reply, the command does not run.
            assertEquals(Message.success(1, "count 1"), restarted.send("counter").get(10, TimeUnit.SECONDS));
        }
        try (CommandClient restarted = CommandClient.connect(defaults.withClientId(kept, 2))) {
            assertEquals(Message.success(2, "count 2"), restarted.send("counter").get(10, TimeUnit.SECONDS));
        }
        assertEquals(ClientSettings.NONE, defaults.withClientId(ClientSettings.NONE).clientId());
        assertThrows(IllegalArgumentException.class, () -> defaults.withClientId("short"));
        assertThrows(IllegalArgumentException.class, () -> defaults.withClientId("has space 1234"));
    }
}
