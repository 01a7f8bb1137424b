package dev.wscommands.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.plugins.JarProcess;
import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged servers ({@code java -jar}, with the example plug-in's {@code counter}) sharing a real Redis, and
 * SIGKILL of the one that ran a command: a reply it had made is answered by the other from Redis; a command it
 * was still running runs again on the other once its claim has expired (at least once, in that case, as the
 * README says).
 */
class RedisFleetIT {

    private static final Path EXAMPLES = Path.of("target/example-commands.jar");
    private RedisServer redis;
    private JarProcess first;
    private JarProcess second;
    private URI a;
    private URI b;

    @BeforeEach
    void startFleet() throws Exception {
        redis = RedisServer.start();
        Path dir = Files.createTempDirectory("redis-fleet");
        String[] args = {"--port", "0", "--commands", EXAMPLES.toString(), "--dedupe-store", redis.uri().toString()};
        first = JarProcess.start(dir.resolve("a.log"), args);
        second = JarProcess.start(dir.resolve("b.log"), args);
        a = first.awaitEndpoint();
        b = second.awaitEndpoint();
    }

    @AfterEach
    void stopFleet() {
        first.close();
        second.close();
        redis.close();
    }



    private static String success(long id, String text) {
        return MessageJson.write(Message.success(id, text));
    }

    /** The count of the server's counter now, by one more run of a request without a client ID. */
    private static String countAfterOneMoreRun(URI endpoint) throws IOException {
        try (RawWebSocket socket = RawWebSocket.connectAs(endpoint, null)) {
            return socket.exchange(1, "counter", "");
        }
    }

    @Test
    void aReplyOfAServerKilledAfterItsRunIsAnsweredByTheOtherFromRedis() throws Exception {
        String id = UUID.randomUUID().toString();
        String reply;
        try (RawWebSocket socket = RawWebSocket.connectAs(a, id)) {
            reply = socket.exchange(1, "counter", "");
        }
        first.kill();
        try (RawWebSocket socket = RawWebSocket.connectAs(b, id)) {
            assertEquals(reply, socket.exchange(1, "counter", ""));
        }
        assertEquals(success(1, "count 1"), countAfterOneMoreRun(b), "the other server ran nothing but this one");
    }

    @Test
    void aCommandOfAServerKilledWhileItRanRunsOnTheOtherOnceItsClaimExpires() throws Exception {
        String id = UUID.randomUUID().toString();
        RawWebSocket socket = RawWebSocket.connectAs(a, id);
        socket.sendText(MessageJson.write(new Message(2, "counter", "3000", false, null)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!redis.command("DBSIZE").equals(":1")) {
            assertTrue(System.nanoTime() < deadline, "no claim in Redis");
            Thread.sleep(20);
        }
        first.kill();
        socket.close();
        long resent = System.nanoTime();
        try (RawWebSocket again = RawWebSocket.connectAs(b, id)) {
            assertEquals(success(2, "count 1"), again.exchange(2, "counter", "3000"));
        }
        // Not at once: the resend waited for the dead server's claim to expire.
        long waited = System.nanoTime() - resent;
        assertTrue(waited >= RedisReplyStore.LEASE.toNanos() / 2, "answered after " + waited / 1_000_000 + " ms");
        assertTrue(waited < RedisReplyStore.LEASE.plusSeconds(20).toNanos(), "answered after " + waited / 1_000_000 + " ms");
        assertEquals(1.0, Metrics.scrape(URI.create("http://127.0.0.1:" + b.getPort() + "/metrics"))
                .value("ws_commands_claims_taken_over_total"), "the other server says it took the claim over");
    }
}
