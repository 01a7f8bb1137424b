package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections that never become WebSocket sessions: silent ones, slow request heads and idle keep-alive
 * connections are closed by their deadlines, too many at once are refused, and a bystander is served throughout.
 */
class PreUpgradeLimitsTest {

    private static final Duration HEAD_TIMEOUT = Duration.ofMillis(800);
    private static final Duration KEEP_ALIVE_TIMEOUT = Duration.ofMillis(800);

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;
    private final List<Socket> held = new ArrayList<>();

    @AfterEach
    void closeHeld() throws IOException {
        for (Socket socket : held) {
            socket.close();
        }
    }

    private void start(HttpLimits limits) throws IOException {
        server = running.start(new StandaloneSettings(StandaloneSettings.DEFAULT_HOST, 0, ServerSettings.defaults())
                .withHttpLimits(limits));
    }

    private Socket hold(String localAddress, String send) throws IOException {
        Socket socket = RawHttp.connect(server.port(), localAddress);
        held.add(socket);
        if (!send.isEmpty()) {
            socket.getOutputStream().write(send.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }
        return socket;
    }

    @Test
    void silentSlowAndIdleConnectionsAreClosedByTheirDeadlinesWhileABystanderIsServed() throws Exception {
        start(HttpLimits.defaults().withTimeouts(HEAD_TIMEOUT, KEEP_ALIVE_TIMEOUT));
        try (RawWebSocket session = RawWebSocket.connect(server.endpoint())) {
            long opened = System.nanoTime();
            List<Socket> silent = new ArrayList<>();
            List<Socket> slow = new ArrayList<>();
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                silent.add(hold(null, ""));
                slow.add(hold(null, i % 2 == 0 ? "GET /index.ht" : "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: te"));
            }
            for (int i = 0; i < 10; i++) {
                Socket socket = hold(null, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertEquals(200, RawHttp.readAnswer(socket.getInputStream()).status());
                idle.add(socket);
            }

            // The bystander: an HTTP client and a new WebSocket session are served while 50 connections are held.
            assertEquals(200, RawHttp.exchange(server.port(),
                    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status());
            try (RawWebSocket bystander = RawWebSocket.connect(server.endpoint())) {
                bystander.sendText(MessageJson.write(Message.request(1, "heartbeat")));
                assertEquals(Message.success(1, ""), MessageJson.read(bystander.readText()));
            }

            for (List<Socket> group : List.of(silent, slow, idle)) {
                for (Socket socket : group) {
                    assertTrue(RawHttp.readUntilClosed(socket.getInputStream(), new ByteArrayOutputStream()),
                            "a held connection outlived its deadline by " + RawHttp.TIMEOUT_MILLIS + " ms");
                }
            }
            long took = System.nanoTime() - opened;
            assertTrue(took >= HEAD_TIMEOUT.toNanos(), "closed before the deadline: after " + took / 1_000_000 + " ms");
            Metrics metrics = Metrics.scrape(server.metrics());
            assertEquals(40, metrics.value(
                    "ws_commands_http_connections_dropped_total{reason=\"request-head-timeout\"}"));
            // The scrape's own connection may join the idle ones before the count is read: at least ten.
            assertTrue(metrics.value("ws_commands_http_connections_dropped_total{reason=\"keep-alive-timeout\"}") >= 10);

            // The upgraded session was idle as long as the others, and is still served: its own rules apply.
            session.sendText(MessageJson.write(Message.request(2, "heartbeat")));
            assertEquals(Message.success(2, ""), MessageJson.read(session.readText()));
        }
    }

    @Test
    void aConnectionIsClosedNoSoonerThanItsDeadline() throws Exception {
        start(HttpLimits.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        long opened = System.nanoTime();
        Socket silent = hold(null, "");
        assertTrue(RawHttp.readUntilClosed(silent.getInputStream(), new ByteArrayOutputStream()));
        long took = System.nanoTime() - opened;
        assertTrue(took >= Duration.ofMillis(1900).toNanos(), "closed after " + took / 1_000_000 + " ms");
    }

    @Test
    void anAnsweredConnectionGetsTheKeepAliveTimeoutNotTheHeadTimeout() throws Exception {
        start(HttpLimits.defaults().withTimeouts(Duration.ofMinutes(5), Duration.ofMillis(500)));
        Socket silent = hold(null, "");
        Socket idle = hold(null, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals(200, RawHttp.readAnswer(idle.getInputStream()).status());
        assertTrue(RawHttp.readUntilClosed(idle.getInputStream(), new ByteArrayOutputStream()),
                "an idle keep-alive connection outlived the keep-alive timeout");
        // The silent one has the (long) head timeout: still open when the idle one is gone.
        silent.setSoTimeout(200);
        assertFalse(RawHttp.readUntilClosed(silent.getInputStream(), new ByteArrayOutputStream()),
                "a connection was closed before its request head timeout");
    }

    @Test
    void theNextRequestAfterAnAnswerHasTheHeadTimeoutFromItsFirstByte() throws Exception {
        start(HttpLimits.defaults().withTimeouts(Duration.ofMillis(500), Duration.ofMinutes(5)));
        Socket socket = hold(null, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals(200, RawHttp.readAnswer(socket.getInputStream()).status());
        socket.getOutputStream().write("GET /hea".getBytes(StandardCharsets.US_ASCII));
        assertTrue(RawHttp.readUntilClosed(socket.getInputStream(), new ByteArrayOutputStream()),
                "a slow second request outlived the request head timeout");
    }

    @Test
    void connectionsOverTheLimitsAreRefusedAndUpgradedOnesDoNotCount() throws Exception {
        // Deadlines far beyond the test: every close seen here is a refusal by count.
        start(HttpLimits.defaults().withTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(5)).withMaxConnections(8, 4));
        for (int i = 0; i < 4; i++) {
            holdAnswered("127.0.0.2");
        }
        assertRefused("127.0.0.2");

        // Another address is served, as the per-address limit is per address, up to the total limit.
        for (int i = 0; i < 4; i++) {
            holdAnswered("127.0.0.3");
        }
        assertRefused("127.0.0.4");

        // Releasing held connections makes room again.
        for (Socket socket : held.subList(4, 8)) {
            socket.close();
        }
        awaitServed("127.0.0.4");
        Metrics metrics = Metrics.scrape(server.metrics());
        assertEquals(1, metrics.value(
                "ws_commands_http_connections_dropped_total{reason=\"max-http-connections-per-address\"}"));
        assertTrue(metrics.value("ws_commands_http_connections_dropped_total{reason=\"max-http-connections\"}") >= 1);

        // WebSocket sessions leave the count once upgraded: more of them than the per-address limit are served.
        List<RawWebSocket> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                RawWebSocket session = RawWebSocket.connect(server.endpoint(), "127.0.0.5", null);
                sessions.add(session);
                assertEquals(101, session.status());
            }
            sessions.get(5).sendText(MessageJson.write(Message.request(6, "heartbeat")));
            assertEquals(Message.success(6, ""), MessageJson.read(sessions.get(5).readText()));
        } finally {
            for (RawWebSocket session : sessions) {
                session.close();
            }
        }
    }

    /**
     * Holds a keep-alive connection after one answered request: the answer shows that the server has accepted and
     * counted it (connections are accepted on several threads, so a bare connect proves neither).
     */
    private void holdAnswered(String localAddress) throws IOException {
        Socket socket = hold(localAddress, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals(200, RawHttp.readAnswer(socket.getInputStream()).status());
    }

    private void assertRefused(String localAddress) throws IOException {
        try (Socket socket = RawHttp.connect(server.port(), localAddress)) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            assertTrue(RawHttp.readUntilClosed(socket.getInputStream(), answer), "not closed");
            assertEquals(0, answer.size(), "a refused connection gets no answer");
        } catch (java.net.SocketException reset) {
            // refused before the request could be written: as good
        }
    }

    private int healthFrom(String localAddress) throws IOException {
        try (Socket socket = RawHttp.connect(server.port(), localAddress)) {
            socket.getOutputStream().write(
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return RawHttp.readAnswer(socket.getInputStream()).status();
        }
    }

    /** The server learns of closed connections asynchronously: retries briefly until one is served. */
    private void awaitServed(String localAddress) throws IOException {
        long give = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                assertEquals(200, healthFrom(localAddress));
                return;
            } catch (IOException refused) {
                if (System.nanoTime() - give > 0) {
                    throw refused;
                }
            }
        }
    }
}
