package dev.wscommands.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.RawWebSocket;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What is left of a client's connection in Tomcat 11 (a copy on a free port) once the server closed it and the client
 * did not take the close: nothing, one send timeout after the close. Without the cut, Tomcat closed the socket of a
 * client that reads nothing gracefully, and the kernel then kept its megabytes of unsent replies in
 * {@code FIN_WAIT1} for minutes; and where the close frame did go out, Tomcat kept the connection
 * {@code ESTABLISHED} for 30 to 40 s, waiting for a close frame the client never sends. Each server-side socket is
 * looked up in the kernel's table, as {@code ss -tn} shows it.
 */
class SlowConsumerWarIT {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);
    /** The close frame's chance (one send timeout), and the time a loaded machine takes besides. */
    private static final Duration GRACE = SEND_TIMEOUT.plusSeconds(3);
    private static final int FLOODERS = 4;

    private static TomcatCopy tomcat;
    private static URI endpoint;

    @BeforeAll
    static void startTomcat() throws Exception {
        // Room for every reply, so that the send timeout, not the byte bound, ends the flooders.
        tomcat = TomcatCopy.start("slow-consumer", Map.of("send-timeout", SEND_TIMEOUT.toSeconds() + "s",
                "max-queued-reply-bytes", "268435456", "max-reply-bytes", "268435456"), server -> server);
        endpoint = URI.create("ws://127.0.0.1:" + tomcat.port() + "/ws-commands/server");
    }

    @AfterAll
    static void stopTomcat() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void aClientThatReadsNothingHasNoSocketLeftOneSendTimeoutAfterIts1008() throws Exception {
        String argument = "x".repeat(60_000);
        byte[] flood = RawWebSocket.pipelined(1, 300, id -> MessageJson.write(new Message(id, "echo", argument,
                false, null)));
        long closedBefore = closes(1008);
        List<RawWebSocket> flooders = new ArrayList<>();
        try {
            for (int i = 0; i < FLOODERS; i++) {
                RawWebSocket flooder = RawWebSocket.connect(endpoint);
                assertEquals(101, flooder.status());
                flooders.add(flooder);
                // Written by another thread: the server closes the flooder long before it has taken all of it.
                CompletableFuture.runAsync(() -> {
                    try {
                        flooder.write(flood);
                    } catch (IOException closed) {
                        // expected
                    }
                });
            }
            awaitCloses(1008, closedBefore + FLOODERS, Duration.ofSeconds(60));
            long deadline = System.nanoTime() + GRACE.toNanos();
            for (RawWebSocket flooder : flooders) {
                assertGone(flooder, deadline);
            }
        } finally {
            for (RawWebSocket flooder : flooders) {
                flooder.close();
            }
        }
    }

    @Test
    void aClientThatReadsItsCloseButNeverAnswersItHasNoSocketLeftOneSendTimeoutLater() throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(endpoint)) {
            assertEquals(101, client.status());
            client.sendFrame(RawWebSocket.OPCODE_BINARY, new byte[] {1});
            assertEquals(1003, client.awaitCloseCode());
            // The client neither answers the close frame nor closes its socket.
            assertGone(client, System.nanoTime() + GRACE.toNanos());
        }
    }

    /** Fails unless the server's end of {@code client}'s connection is gone from the kernel's table by {@code deadline}. */
    private static void assertGone(RawWebSocket client, long deadline) throws Exception {
        Optional<TcpTable.Socket> socket;
        while ((socket = serverSide(client)).isPresent() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
        if (socket.isPresent()) {
            fail("the server's socket to client port " + client.localPort() + " is still there " + GRACE.toMillis()
                    + " ms after the close (a send timeout is " + SEND_TIMEOUT.toMillis() + " ms): " + socket.get());
        }
    }

    /** The server's end of the connection, unless it is gone or only waits out TIME_WAIT (which holds no buffers). */
    private static Optional<TcpTable.Socket> serverSide(RawWebSocket client) throws IOException {
        return TcpTable.find(tomcat.port(), client.localPort()).filter(s -> !s.state().equals("TIME_WAIT"));
    }

    /** How many sessions the log says closed with {@code code}. */
    private static long closes(int code) throws IOException {
        return Files.readAllLines(tomcat.log()).stream().filter(line -> line.contains(" closed with " + code + " "))
                .count();
    }

    private static void awaitCloses(int code, long count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closes(code) < count) {
            assertTrue(System.nanoTime() - deadline < 0, "fewer than " + count + " sessions closed with " + code
                    + " within " + timeout.toSeconds() + " s:\n" + LocalServer.summary(tomcat.log()));
            Thread.sleep(50);
        }
    }
}
