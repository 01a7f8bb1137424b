package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.settings.RateLimit;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.RunningServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A close that retrying cannot help ends the client, whoever closed and whatever the client was writing then:
 * the writes that fail on the closing connection must never read as a drop. Each race is run many times, with
 * requests being written at the moment of the close.
 */
class FinalCloseTest {

    private static final int RUNS = 20;
    private static final int MAX_REPLY = 64 * 1024;

    @RegisterExtension
    final RunningServer running = new RunningServer();

    private static ClientSettings settings(java.net.URI endpoint) {
        return ClientSettings.defaults(endpoint)
                .withHeartbeat(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .withReconnect(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(50)), Duration.ofSeconds(10))
                .withRequests(5_000, Duration.ofSeconds(10))
                .withMaxReplySize(MAX_REPLY);
    }

    @Test
    void theClientsOwn1009OnA50MiBReplyNeverReconnects() throws Exception {
        List<String> endings = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            try (BrokenServer server = new BrokenServer(peer -> {
                peer.readUpgrade().accept().readRequest();
                peer.streamText(50L * 1024 * 1024);
                peer.awaitClose();
            })) {
                RecordingListener events = new RecordingListener();
                try (CommandClient client = CommandClient.connect(settings(server.endpoint()), events)) {
                    sendUntilStopped(client);
                    String stopped = events.await("stopped").detail();
                    assertTrue(stopped.contains("closed by the client with 1009"), "run " + run + ": " + stopped);
                    assertEquals(0, client.stats().reconnects(), "run " + run + " reconnected");
                    assertEquals(1, server.accepted(), "run " + run + ": connections opened");
                    endings.add(stopped);
                }
            }
        }
        assertEquals(RUNS, endings.size());
    }

    @Test
    void theServers1008FarOverTheRateLimitNeverReconnects() throws Exception {
        // The server closes while the client's pipelined requests are still unread on its socket: the close frame
        // must reach the client (the server's close lingers), and no write failing meanwhile may read as a drop.
        StandaloneServer server = running.start(ServerSettings.defaults().withRateLimit(RateLimit.parse("10/s")));
        for (int run = 0; run < RUNS; run++) {
            RecordingListener events = new RecordingListener();
            try (CommandClient client = CommandClient.connect(settings(server.endpoint()), events)) {
                for (int i = 0; i < 2_000 && !client.terminated().isDone(); i++) {
                    client.send("heartbeat");
                }
                String stopped = events.await("stopped").detail();
                assertTrue(stopped.contains("1008"), "run " + run + ": " + stopped);
                assertEquals(0, client.stats().reconnects(), "run " + run + " reconnected");
            }
        }
    }

    /** Sends a request every few milliseconds, so that writes are under way when the client closes. */
    private static void sendUntilStopped(CommandClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.terminated().isDone() && System.nanoTime() < deadline) {
            client.send("Eject the hot dog.");
            Thread.sleep(2);
        }
    }
}
