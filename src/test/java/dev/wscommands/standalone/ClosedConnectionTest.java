package dev.wscommands.standalone;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.settings.ServerSettings;
import dev.wscommands.testing.EchoCommand;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a connection that the server closed leaves behind, over real sockets: its client never reads, so the
 * close frame waits behind megabytes of unread replies, and only the server can end the socket.
 */
class ClosedConnectionTest {

    private static final String ARGUMENT = "x".repeat(60_000);
    /** About 24 MB of replies: more than loopback's socket buffers on both sides hold. */
    private static final byte[] FLOOD = RawWebSocket.pipelined(1, 400, id -> EchoCommand.request(id, ARGUMENT));

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private final List<RawWebSocket> clients = new ArrayList<>();

    @AfterEach
    void closeClients() throws IOException {
        for (RawWebSocket client : clients) {
            client.abort();
        }
    }

    @Test
    void aSlowConsumersSocketIsCutOneSendTimeoutAfterItsClose() throws Exception {
        StandaloneServer server = running.start(ServerSettings.defaults().withMaxConnections(2, 2)
                .withOutboundLimits(1024, Duration.ofSeconds(1)), EchoCommand.catalog());
        for (int i = 0; i < 5; i++) {
            RawWebSocket client = RawWebSocket.connect(server.endpoint());
            clients.add(client);
            assertEquals(101, client.status());
            // Written by another thread: the server may stop reading before all of it is taken.
            CompletableFuture.runAsync(() -> {
                try {
                    client.write(FLOOD);
                } catch (IOException cut) {
                    // the server cut the connection: expected
                }
            });
            int closed = i + 1;
            await().atMost(Duration.ofSeconds(20)).until(() -> Metrics.scrape(server.metrics())
                    .sum("ws_commands_sessions_closed_total") == closed);
        }
        // Closed with 1008 (replies unread), and the socket cut a send timeout later (and a sweep): not ESTABLISHED.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(List.of(),
                established(server.endpoint().getPort(), clients), "server sockets still established"));
        assertEquals(5, Metrics.scrape(server.metrics())
                .value("ws_commands_http_connections_dropped_total{reason=\"close-timeout\"}"));
        assertTrue(Metrics.scrape(server.metrics()).value("ws_commands_sessions_closed_total{code=\"1008\"}") >= 5);
    }

    @Test
    void aSlowConsumerClosedDuringTheDrainDoesNotHoldTheShutdownForItsWholeTimeout() throws Exception {
        StandaloneServer server = running.start(ServerSettings.defaults().withShutdownTimeout(Duration.ofSeconds(60))
                .withOutboundLimits(1024, Duration.ofSeconds(1)).withReplyBytes(64 * 1024 * 1024, 64 * 1024 * 1024),
                EchoCommand.catalog());
        RawWebSocket client = RawWebSocket.connect(server.endpoint());
        clients.add(client);
        client.write(RawWebSocket.pipelined(1, 200, id -> EchoCommand.request(id, ARGUMENT)));
        await().atMost(Duration.ofSeconds(20)).until(() -> Metrics.scrape(server.metrics())
                .value("ws_commands_messages_sent_total") == 200);
        // The drain waits for this client's replies, which it never reads: its send timeout closes it with 1008,
        // and from then on nothing of it is waited for (its sender lets go at the close, and its socket is cut a
        // send timeout later; either is enough).
        long start = System.nanoTime();
        server.close();
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < 20_000, "the shutdown took " + took + " ms of its 60 s timeout");
    }

    /**
     * The server's side of every ESTABLISHED TCP connection on {@code port} from one of {@code clients}, as
     * {@code ss} shows them (with the bytes in their send queue).
     */
    static List<String> established(int port, List<RawWebSocket> clients) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-tnH", "state", "established", "( sport = :" + port + " )")
                .redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, ss.waitFor(), out);
        List<String> peers = clients.stream().map(client -> ":" + client.localPort()).toList();
        return out.lines().filter(line -> peers.stream().anyMatch(peer -> line.trim().endsWith(peer))).toList();
    }
}
