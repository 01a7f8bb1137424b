package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against servers that break the protocol on purpose ({@link BrokenServer}): none of them may make it
 * loop, grow without bound, or blame the wrong cause.
 */
class BrokenServerTest {

    private static final Duration TIMEOUT = RecordingListener.TIMEOUT;
    private static final String EJECT = "Eject the hot dog.";
    private static final int MAX_REPLY = 64 * 1024;

    private final RecordingListener events = new RecordingListener();
    private BrokenServer server;
    private CommandClient client;

    @AfterEach
    void closeEverything() throws IOException {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    /**
     * Reconnects within tens of milliseconds, so that a loop would show at once; pings once a minute, so that no
     * failure here comes from the heartbeat.
     */
    private CommandClient connect(Duration requestTimeout) {
        ClientSettings settings = ClientSettings.defaults(server.endpoint())
                .withHeartbeat(Duration.ofMinutes(1), Duration.ofMinutes(1))
                .withConnectTimeout(Duration.ofSeconds(5))
                .withReconnect(Backoff.of(Duration.ofMillis(20), Duration.ofMillis(100)), Duration.ofSeconds(10))
                .withRequests(100, requestTimeout)
                .withMaxReplySize(MAX_REPLY);
        client = CommandClient.connect(settings, events);
        return client;
    }

    private static Throwable failure(CompletableFuture<Message> future) {
        return assertThrows(ExecutionException.class, () -> future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .getCause();
    }

    @Test
    void anOversizedReplyStopsTheClientWithTheSizeInTheMessageAndIsNeverBuffered() throws Exception {
        long fiftyMiB = 50L * 1024 * 1024;
        server = new BrokenServer(peer -> {
            peer.readUpgrade().accept().readRequest();
            peer.streamText(fiftyMiB);
            peer.awaitClose();
        });
        CompletableFuture<Message> reply = connect(Duration.ofSeconds(30)).send(EJECT);

        Throwable failure = failure(reply);
        assertInstanceOf(IllegalStateException.class, failure);
        assertEquals("client gave up: the connection was closed by the client with 1009: a reply was larger than "
                + MAX_REPLY + " bytes (" + fiftyMiB + " bytes announced); retrying cannot help",
                failure.getMessage());
        assertEquals("stopped", events.await("stopped").kind());
        events.assertNoEventWithin(Duration.ofMillis(300));
        assertEquals(1, server.accepted(), "connections opened");
        assertEquals(0, client.stats().resent());
        assertEquals(1, client.stats().unmatched());
        // The client hung up on the header: the server could write no more than the sockets' buffers hold.
        assertTrue(server.written() < fiftyMiB / 2, server.written() + " bytes written");
    }

    @Test
    void aTwoGibFrameHeaderIsRefusedOnTheHeaderAlone() throws Exception {
        long twoGiB = 2L * 1024 * 1024 * 1024;
        server = new BrokenServer(peer -> {
            peer.readUpgrade().accept().readRequest();
            // The header and not one byte of payload: only the header can tell.
            peer.sendHeader(0x1, twoGiB);
            peer.awaitClose();
        });
        long start = System.nanoTime();
        CompletableFuture<Message> reply = connect(Duration.ofSeconds(30)).send(EJECT);

        RecordingListener.Event stopped = events.await("stopped");
        assertTrue(stopped.detail().contains("a reply was larger than " + MAX_REPLY + " bytes ("
                + twoGiB + " bytes announced)"), stopped.detail());
        // Long before the heartbeat (a minute) or the request timeout (30 s) could have noticed anything.
        assertTrue(Duration.ofNanos(stopped.nanos() - start).compareTo(Duration.ofSeconds(10)) < 0);
        assertInstanceOf(IllegalStateException.class, failure(reply));
        assertEquals(1, server.accepted());
    }

    @Test
    void aBinaryReplyIsCountedAndEndsTheClientAsAProtocolFault() throws Exception {
        server = new BrokenServer(peer -> {
            peer.readUpgrade().accept().readRequest();
            peer.sendFrame(0x2, new byte[] {1, 2, 3});
            peer.awaitClose();
        });
        CompletableFuture<Message> reply = connect(Duration.ofSeconds(30)).send(EJECT);

        Throwable failure = failure(reply);
        assertEquals("client gave up: the connection was closed by the client with 1003: the server sent a binary "
                + "message, which the protocol does not have (3 bytes announced); retrying cannot help",
                failure.getMessage());
        assertEquals(1, client.stats().unmatched());
        assertEquals(1, server.accepted());
    }

    @Test
    void requestsNeverSentBecauseTheUpgradeGotHttp500SaySo() throws Exception {
        server = new BrokenServer(peer -> peer.readUpgrade()
                .answer("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        connect(Duration.ofSeconds(1));
        // The first attempt has failed: what it met is what the request's failure names.
        events.await("retrying");
        Throwable failure = failure(client.send(EJECT));
        assertInstanceOf(TimeoutException.class, failure);
        assertEquals("RequestID 1 could not be sent within 1.0 s: the server answered the WebSocket upgrade with "
                + "HTTP 500", failure.getMessage());
        // A 5xx may pass: the client keeps trying.
        assertFalse(client.terminated().isDone());
        assertTrue(server.accepted() >= 2, server.accepted() + " attempts");
    }

    @Test
    void aWrongAcceptHeaderIsNamedForWhatItIs() throws Exception {
        server = new BrokenServer(peer -> peer.readUpgrade()
                .answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + BrokenServer.acceptValue("not the client's key") + "\r\n\r\n")
                .awaitClose());
        connect(Duration.ofSeconds(1));
        events.await("retrying");
        Throwable failure = failure(client.send(EJECT));
        assertEquals("RequestID 1 could not be sent within 1.0 s: the server's Sec-WebSocket-Accept header does not "
                + "match the Sec-WebSocket-Key sent", failure.getMessage());
    }

    @Test
    void anUpgradeNeverAnsweredIsNamedForWhatItIs() throws Exception {
        server = new BrokenServer(peer -> peer.readUpgrade().awaitClose());
        ClientSettings settings = ClientSettings.defaults(server.endpoint())
                .withConnectTimeout(Duration.ofMillis(300))
                .withReconnect(Backoff.of(Duration.ofMillis(20), Duration.ofMillis(100)), Duration.ofSeconds(10))
                .withRequests(100, Duration.ofSeconds(2));
        client = CommandClient.connect(settings, events);
        events.await("retrying");
        Throwable failure = failure(client.send(EJECT));
        assertEquals("RequestID 1 could not be sent within 2.0 s: the server did not answer the WebSocket upgrade",
                failure.getMessage());
    }

    @Test
    void duplicateAndUnknownRequestIdsAreCountedAndNamedWithoutHarm() throws Exception {
        server = new BrokenServer(peer -> {
            peer.readUpgrade().accept();
            while (true) {
                Message request = peer.readRequest();
                Message reply = Message.success(request.requestId(), "done");
                peer.sendReply(reply);
                peer.sendReply(reply);
                peer.sendReply(Message.success(request.requestId() + 1000, "for nobody"));
            }
        });
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = recordInto(logged);
        Logger log = Logger.getLogger(CommandClient.class.getName());
        log.addHandler(handler);
        try {
            CommandClient client = connect(Duration.ofSeconds(30));
            assertEquals(Message.success(1, "done"), client.send(EJECT).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            Await.condition(() -> client.stats().unmatched() == 2, TIMEOUT, () -> "stats " + client.stats());
            assertEquals(Message.success(2, "done"), client.send(EJECT).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            Await.condition(() -> client.stats().unmatched() == 4, TIMEOUT, () -> "stats " + client.stats());
        } finally {
            log.removeHandler(handler);
        }
        assertTrue(logged.contains("reply to RequestID 1 matches no pending request (it was answered already, or "
                + "timed out); ignored"), logged.toString());
        assertTrue(logged.contains("reply to RequestID 1001 matches no pending request (this client never made that "
                + "request); ignored"), logged.toString());
        assertEquals(2, client.stats().answered());
        assertEquals(0, client.stats().reconnects());
        assertEquals(0, client.stats().failed());
    }

    @Test
    void unreadableRepliesAreCountedAndWarnedOfOncePerConnection() throws Exception {
        server = new BrokenServer(peer -> {
            peer.readUpgrade().accept();
            while (true) {
                Message request = peer.readRequest();
                peer.sendText("garbage");
                peer.sendText("{\"RequestID\": \"not a number\"}");
                peer.sendReply(Message.success(request.requestId(), "done"));
            }
        });
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = recordInto(logged);
        Logger log = Logger.getLogger(CommandClient.class.getName());
        log.addHandler(handler);
        try {
            CommandClient client = connect(Duration.ofSeconds(30));
            for (int i = 1; i <= 3; i++) {
                assertEquals(Message.success(i, "done"), client.send(EJECT).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
        } finally {
            log.removeHandler(handler);
        }
        assertEquals(6, client.stats().unmatched());
        assertEquals(0, client.stats().reconnects());
        assertEquals(1, logged.stream().filter(line -> line.startsWith("unreadable reply ignored")).count(),
                logged.toString());
    }

    /** A log handler that adds every message at INFO and above to {@code lines}. */
    private static Handler recordInto(List<String> lines) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    lines.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
