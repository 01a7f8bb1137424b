package dev.wscommands.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.session.SessionRegistry;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.EchoCommand;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shutdown's second wait, over real sockets: replies already queued for a client are written before its 1001.
 * That commands in flight finish first is in {@code CommandExecutionTest}; that requests read during the drain
 * are refused is in {@code SessionRegistryTest}.
 */
class GracefulShutdownTest {

    /** About 20 MB of replies: far more than loopback's socket buffers hold, so most wait in the server. */
    private static final int REQUESTS = 350;
    private static final String ARGUMENT = "x".repeat(60_000);

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private final List<RawWebSocket> clients = new ArrayList<>();

    @AfterEach
    void closeClients() throws Exception {
        for (RawWebSocket client : clients) {
            client.close();
        }
    }

    private RawWebSocket connect(StandaloneServer server) throws Exception {
        RawWebSocket client = RawWebSocket.connect(server.endpoint());
        clients.add(client);
        assertEquals(101, client.status());
        return client;
    }

    @Test
    void repliesQueuedWhenTheShutdownBeginsAreWrittenBeforeGoingAway() throws Exception {
        // Limits wide enough that neither the send timeout nor the shutdown timeout decides the outcome on a slow
        // machine: the drain must wait for the replies, not give up on them; room for
        // 20 MB of replies.
        StandaloneServer server = running.start(ServerSettings.defaults()
                        .withOutboundLimits(1024, Duration.ofSeconds(60)).withShutdownTimeout(Duration.ofSeconds(60))
                        .withReplyBytes(32 * 1024 * 1024, 64 * 1024 * 1024),
                EchoCommand.catalog());
        URI endpoint = server.endpoint();
        RawWebSocket reader = connect(server);
        List<RawWebSocket> others = List.of(connect(server), connect(server));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().openSessions() == 3);

        // The client reads nothing yet: its replies pile up in the server, unwritten.
        reader.write(RawWebSocket.pipelined(1, REQUESTS, id -> EchoCommand.request(id, ARGUMENT)));
        await().atMost(Duration.ofSeconds(20)).until(() -> queued(server) == REQUESTS);

        SessionRegistry sessions = server.sessions();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        await().atMost(Duration.ofSeconds(5)).until(sessions::draining);

        long answered = 0;
        while (true) {
            RawWebSocket.Frame frame;
            try {
                frame = reader.readFrame();
            } catch (EOFException e) {
                throw new AssertionError("the connection ended after " + answered + " of " + REQUESTS
                        + " replies, without a close frame", e);
            }
            if (frame.opcode() == RawWebSocket.OPCODE_CLOSE) {
                assertEquals(REQUESTS, answered, "replies written before the 1001: every one queued before the shutdown");
                assertEquals(1001, frame.closeCode());
                break;
            }
            if (frame.opcode() == RawWebSocket.OPCODE_TEXT) {
                assertEquals(Message.success(++answered, ARGUMENT), MessageJson.read(frame.text()), "in order");
            }
        }
        for (RawWebSocket other : others) {
            assertEquals(1001, other.awaitCloseCode());
        }
        closing.get(10, TimeUnit.SECONDS);
        // Grizzly closes the listening socket on its selector thread: refused connections follow close() within
        // moments, not necessarily before it returns.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThrows(ConnectException.class,
                () -> RawWebSocket.connect(endpoint).close(), "still accepting connections after shutdown"));
    }

    /** Replies handed to the connection, written or not. */
    private static double queued(StandaloneServer server) throws Exception {
        return Metrics.scrape(server.metrics()).value("ws_commands_messages_sent_total");
    }
}
