package dev.wscommands.dedupe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.settings.DedupeSettings;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.Counter;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RedisServer;
import dev.wscommands.testing.RunningServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers in this JVM that share a real Redis (Debian's redis-server on a free loopback port): a resend to
 * either one is answered from the first run, wherever it ran. The fleet test of the packaged jar
 * ({@code RedisFleetIT}) kills a server with SIGKILL.
 */
class RedisFleetTest {

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private RedisServer redis;
    private final Counter counterA = new Counter();
    private final Counter counterB = new Counter();
    private StandaloneServer a;
    private StandaloneServer b;

    @BeforeEach
    void startFleet() throws IOException {
        redis = RedisServer.start();
        ServerSettings settings = ServerSettings.defaults()
                .withDedupe(DedupeSettings.defaults().withStore(redis.uri().toString()));
        a = running.start(settings, catalog(counterA));
        b = running.start(settings, catalog(counterB));
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    private static CommandCatalog catalog(Counter counter) {
        return CommandCatalog.builder().addAll(CommandCatalog.builtIn().commands().stream().toList())
                .add(counter, "test").build();
    }



    private static String success(long id, String text) {
        return MessageJson.write(Message.success(id, text));
    }

    @Test
    void aResendToTheOtherServerIsAnsweredFromTheFirstRun() throws IOException {
        String id = UUID.randomUUID().toString();
        String first;
        try (RawWebSocket socket = RawWebSocket.connectAs(a.endpoint(), id)) {
            first = socket.exchange(1, "counter", "");
        }
        try (RawWebSocket socket = RawWebSocket.connectAs(b.endpoint(), id)) {
            assertEquals(first, socket.exchange(1, "counter", ""));
            assertTrue(socket.exchange(1, "heartbeat", "").contains("was already used by this client"));
        }
        assertEquals(1, counterA.runs());
        assertEquals(0, counterB.runs());
    }

    @Test
    void aCommandRunningOnOneServerResentToTheOtherJoinsItsRun() throws IOException {
        String id = UUID.randomUUID().toString();
        RawWebSocket dropped = RawWebSocket.connectAs(a.endpoint(), id);
        dropped.sendText(MessageJson.write(new Message(2, "counter", "1500", false, null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.command("DBSIZE").equals(":1"));
        dropped.abort();
        try (RawWebSocket socket = RawWebSocket.connectAs(b.endpoint(), id)) {
            assertEquals(success(2, "count 1"), socket.exchange(2, "counter", "1500"));
        }
        assertEquals(1, counterA.runs());
        assertEquals(0, counterB.runs());
    }

    @Test
    void whileRedisIsDownRequestsWithAClientIdAreAnsweredBusyAndTheFleetRecoversByItself() throws Exception {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(Deduplicator.class.getName());
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(recorder);
        try (RawWebSocket withId = RawWebSocket.connectAs(a.endpoint(), UUID.randomUUID().toString());
                RawWebSocket without = RawWebSocket.connectAs(a.endpoint(), null)) {
            assertEquals(success(1, "count 1"), withId.exchange(1, "counter", ""));
            redis.stop();
            for (int i = 2; i < 6; i++) {
                assertEquals(MessageJson.write(Message.failure(i, Deduplicator.UNAVAILABLE)),
                        withId.exchange(i, "counter", ""));
            }
            assertEquals(success(1, "count 2"), without.exchange(1, "counter", ""));
            assertTrue(health(a).contains("\"replyStore\":{\"kind\":\"redis\",\"status\":\"DOWN\"}"), health(a));
            assertEquals(1, warnings.size(), "one warning per outage: " + warnings.size());
            assertTrue(!warnings.get(0).getMessage().contains("Exception"), warnings.get(0).getMessage());

            redis.startAgain();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> withId.exchange(6, "counter", "").equals(success(6, "count 3")));
            assertTrue(health(a).contains("\"replyStore\":{\"kind\":\"redis\",\"status\":\"UP\"}"), health(a));
        } finally {
            log.removeHandler(recorder);
        }
        try (RawWebSocket socket = RawWebSocket.connectAs(b.endpoint(), null)) {
            assertEquals(success(1, "count 1"), socket.exchange(1, "counter", ""));
        }
    }

    @Test
    void aServerStartedWhileRedisIsDownServesWithoutClientIdsAndRecoversWhenRedisComesUp() throws Exception {
        redis.stop();
        StandaloneServer late = running.start(ServerSettings.defaults()
                .withDedupe(DedupeSettings.defaults().withStore(redis.uri().toString())), catalog(new Counter()));
        await().atMost(Duration.ofSeconds(10)).until(() -> health(late).contains("\"status\":\"DOWN\"}"));
        try (RawWebSocket withId = RawWebSocket.connectAs(late.endpoint(), UUID.randomUUID().toString());
                RawWebSocket without = RawWebSocket.connectAs(late.endpoint(), null)) {
            assertEquals(MessageJson.write(Message.failure(1, Deduplicator.UNAVAILABLE)), withId.exchange(1, "counter", ""));
            assertEquals(success(1, "count 1"), without.exchange(1, "counter", ""));
            redis.startAgain();
            await().atMost(Duration.ofSeconds(20)).until(() -> health(late).contains("\"status\":\"UP\"}"));
            assertEquals(success(2, "count 2"), withId.exchange(2, "counter", ""));
        }
    }

    @Test
    void aPasswordComesThroughTheStoreAndAWrongOneFailsItsCalls() throws Exception {
        try (RedisServer locked = RedisServer.start("s3cret-for-tests")) {
            try (RedisReplyStore store = RedisReplyStore.open(locked.uri(), "s3cret-for-tests", Duration.ofMinutes(1))) {
                assertInstanceOf(Claim.Claimed.class, store.claim("k", "d").toCompletableFuture().get(10, TimeUnit.SECONDS));
            }
            try (RedisReplyStore store = RedisReplyStore.open(locked.uri(), "wrong", Duration.ofMinutes(1))) {
                assertThrows(ExecutionException.class,
                        () -> store.claim("k", "d").toCompletableFuture().get(10, TimeUnit.SECONDS));
            }
        }
    }

    private static String health(StandaloneServer server) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.health()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
