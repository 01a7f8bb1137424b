package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandClientTest {

    private static final String EJECT = "Eject the hot dog.";
    private static final String EJECTED = "The hot dog left the castle as requested.";
    private static final Duration TIMEOUT = RecordingListener.TIMEOUT;
    private static final Duration PING_INTERVAL = Duration.ofMillis(200);

    private final RecordingListener events = new RecordingListener();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private StandaloneServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new StandaloneServer(StandaloneSettings.onPort(0));
        server.start();
        // The server's WebSocket container starts threads for its timers as its sessions need them, up to ten:
        // start them all now, so that they count in every baseline of live threads taken after this.
        try (CommandClient warmUp = CommandClient.connect(fast(server.endpoint()))) {
            for (int i = 0; i < 20; i++) {
                reply(warmUp.send(EJECT));
            }
        }
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        server.close();
    }

    /**
     * Reconnects within tens of milliseconds, so that every fault plays out quickly. Pings every second: on a
     * busy two-core machine a cold JVM can stay silent for longer than 50 ms, so only the heartbeat test pings that
     * often.
     */
    private static ClientSettings fast(URI endpoint) {
        return ClientSettings.defaults(endpoint)
                .withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .withConnectTimeout(Duration.ofSeconds(5))
                .withReconnect(Backoff.of(Duration.ofMillis(20), Duration.ofMillis(100)), Duration.ofSeconds(10))
                .withRequests(1000, Duration.ofSeconds(15));
    }

    private CommandClient connect(ClientSettings settings) {
        CommandClient client = CommandClient.connect(settings, events);
        resources.add(client);
        return client;
    }

    private TcpRelay relayTo(int port) throws IOException {
        TcpRelay relay = new TcpRelay(port);
        resources.add(relay);
        return relay;
    }

    private static Message reply(CompletableFuture<Message> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failure(CompletableFuture<Message> future) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        return thrown.getCause();
    }

    /** A port nothing listens on. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void answersEveryRequestOnOneConnection() throws Exception {
        CommandClient client = connect(fast(server.endpoint()));
        for (int i = 1; i <= 100; i++) {
            Message reply = reply(client.send(EJECT));
            assertEquals(Message.success(i, EJECTED), reply);
        }
        assertEquals(new ClientStats(100, 100, 0, 0, 0, 0), client.stats());
        assertEquals(0, client.pending());
    }

    @Test
    void eightThreadsSendingAThousandRequestsEachGetTheirOwnReplies() throws Exception {
        int threads = 8;
        int requests = 1000;
        CommandClient client = connect(fast(server.endpoint()).withRequests(threads * requests, Duration.ofSeconds(30)));
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<CompletableFuture<Message>>>> sent = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sent.add(senders.submit(() -> {
                    List<CompletableFuture<Message>> replies = new ArrayList<>();
                    for (int i = 0; i < requests; i++) {
                        replies.add(client.send("t" + thread + "-" + i));
                    }
                    return replies;
                }));
            }
            Set<Long> ids = new HashSet<>();
            for (int t = 0; t < threads; t++) {
                List<CompletableFuture<Message>> replies = sent.get(t).get();
                for (int i = 0; i < requests; i++) {
                    // The server names the unknown command in its error: the reply proves which request it answers.
                    Message reply = reply(replies.get(i));
                    assertTrue(reply.error().startsWith("unknown command \"t" + t + "-" + i + "\""), reply.error());
                    assertTrue(ids.add(reply.requestId()), "RequestID " + reply.requestId() + " answered twice");
                }
            }
        } finally {
            senders.shutdownNow();
        }
        ClientStats stats = client.stats();
        assertEquals(threads * requests, stats.answered());
        assertEquals(0, stats.reconnects());
        assertEquals(0, stats.unmatched());
    }

    @Test
    void reconnectsAfterServerRestartAndLosesNothing() throws Exception {
        int port = server.port();
        CommandClient client = connect(fast(server.endpoint()));
        List<CompletableFuture<Message>> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(client.send(EJECT));
        }
        reply(replies.get(4));

        server.close();
        events.await("disconnected");
        for (int i = 0; i < 5; i++) {
            replies.add(client.send(EJECT));
        }
        events.await("retrying");
        events.await("retrying");
        server = new StandaloneServer(new StandaloneSettings("127.0.0.1", port, ServerSettings.defaults()));
        server.start();

        events.await("connected");
        for (int i = 0; i < replies.size(); i++) {
            assertEquals(Message.success(i + 1, EJECTED), reply(replies.get(i)));
        }
        ClientStats stats = client.stats();
        assertEquals(10, stats.answered());
        assertEquals(0, stats.failed());
        assertEquals(1, stats.reconnects());
        assertEquals(0, client.pending());
    }

    @Test
    void unansweredPingClosesTheConnectionWithinTwoIntervalsAndReconnects() throws Exception {
        TcpRelay relay = relayTo(server.port());
        CommandClient client = connect(fast(relay.endpoint()).withHeartbeat(PING_INTERVAL, PING_INTERVAL));
        assertEquals(Message.success(1, EJECTED), reply(client.send(EJECT)));
        assertEquals("1", events.await("connected").detail());

        relay.freeze();
        long frozen = System.nanoTime();
        CompletableFuture<Message> sentToADeadPeer = client.send(EJECT);
        RecordingListener.Event lost = events.await("disconnected");
        Duration detectedAfter = Duration.ofNanos(lost.nanos() - frozen);
        // Two intervals, and slack for a busy 2-core machine; without the heartbeat nothing would notice at all.
        assertTrue(detectedAfter.compareTo(PING_INTERVAL.multipliedBy(2).plusMillis(1_500)) <= 0,
                "dead peer detected after " + detectedAfter.toMillis() + " ms");
        assertTrue(lost.detail().startsWith("no pong within 200 ms (ping interval 200 ms, "), lost.detail());
        assertTrue(lost.detail().contains("pings had succeeded"), lost.detail());

        assertEquals("2", events.await("connected").detail());
        assertEquals(Message.success(2, EJECTED), reply(sentToADeadPeer));
        assertEquals(1, client.stats().resent());
        assertEquals(1, client.stats().reconnects());
    }

    @Test
    void closeDuringBackoffNeverReconnectsAndLeavesNoThread() throws Exception {
        int baseline = Await.liveThreads();
        TcpRelay relay = relayTo(freePort());
        CommandClient client = connect(fast(relay.endpoint()));
        CompletableFuture<Message> unanswered = client.send(EJECT);
        events.await("retrying");

        client.close();
        int attempts = relay.accepted();
        assertInstanceOf(IllegalStateException.class, failure(unanswered));
        Await.threadsAtMost(baseline + relayThreads(), TIMEOUT);
        // Longer than the largest backoff (100 ms) several times over: a retry would have come.
        events.assertNoEventWithin(Duration.ofMillis(500));
        assertEquals(attempts, relay.accepted(), "connection attempts after close()");
    }

    @Test
    void closeAfterAHealthySessionNeverReconnectsAndLeavesNoThread() throws Exception {
        TcpRelay relay = relayTo(server.port());
        int baseline = Await.liveThreads();
        CommandClient client = connect(fast(relay.endpoint()));
        assertEquals(Message.success(1, EJECTED), reply(client.send(EJECT)));
        events.await("connected");

        client.close();
        assertTrue(client.terminated().isDone());
        Await.threadsAtMost(baseline, TIMEOUT);
        events.assertNoEventWithin(Duration.ofMillis(500));
        assertEquals(1, relay.accepted(), "connections made");
        assertInstanceOf(IllegalStateException.class, failure(client.send(EJECT)));
    }

    @Test
    void twentyForcedReconnectsReturnThreadsAndPendingToTheirBaseline() throws Exception {
        TcpRelay relay = relayTo(server.port());
        CommandClient client = connect(fast(relay.endpoint()));
        reply(client.send(EJECT));
        events.await("connected");
        int baseline = Await.liveThreads();

        for (int cycle = 1; cycle <= 20; cycle++) {
            relay.dropAll();
            events.await("disconnected");
            assertEquals(Integer.toString(cycle + 1), events.await("connected").detail());
            assertTrue(reply(client.send(EJECT)).success());
        }

        assertEquals(20, client.stats().reconnects());
        assertEquals(0, client.pending());
        Await.threadsAtMost(baseline, TIMEOUT);
    }

    @Test
    void aListenerThatThrowsIsLoggedAndTheClientStillReconnects() throws Exception {
        TcpRelay relay = relayTo(server.port());
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(CommandClient.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    logged.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            ClientListener throwing = new ClientListener() {
                @Override
                public void connected(int connection) {
                    events.connected(connection);
                    throw new IllegalStateException("listener bug in connected");
                }

                @Override
                public void disconnected(String why) {
                    events.disconnected(why);
                    throw new IllegalStateException("listener bug in disconnected");
                }

                @Override
                public void retrying(int attempt, Duration delay) {
                    events.retrying(attempt, delay);
                    throw new IllegalStateException("listener bug in retrying");
                }
            };
            CommandClient client = CommandClient.connect(fast(relay.endpoint()), throwing);
            resources.add(client);
            assertTrue(reply(client.send(EJECT)).success());
            relay.dropAll();
            events.await("disconnected");
            events.await("retrying");
            assertEquals("2", events.await("connected").detail());
            assertTrue(reply(client.send(EJECT)).success());
            assertEquals(1, client.stats().reconnects());
            assertTrue(logged.contains("the client listener's disconnected threw; ignored"), logged.toString());
            assertTrue(logged.contains("the client listener's retrying threw; ignored"), logged.toString());
            client.close();
            assertTrue(client.terminated().isDone(), "close() completes terminated()");
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void sendThrowsAtOnceWhenMaxPendingRequestsAreWaiting() throws Exception {
        CommandClient client = connect(fast(URI.create("ws://127.0.0.1:" + freePort() + "/server"))
                .withRequests(3, Duration.ofSeconds(30)));
        for (int i = 0; i < 3; i++) {
            assertTrue(!client.send(EJECT).isDone());
        }
        PendingLimitException refused = assertThrows(PendingLimitException.class, () -> client.send(EJECT));
        assertEquals("3 requests are already waiting for replies", refused.getMessage());
        assertEquals(3, refused.limit());
        assertEquals(3, client.pending());
        assertEquals(1, client.stats().failed());
    }

    @Test
    void aRequestNeverSentFailsSayingSoWhenItsTimeIsUp() throws Exception {
        CommandClient client = connect(fast(URI.create("ws://127.0.0.1:" + freePort() + "/server"))
                .withRequests(10, Duration.ofMillis(300)));
        events.await("retrying");
        Throwable failure = failure(client.send(EJECT));
        assertInstanceOf(TimeoutException.class, failure);
        assertTrue(failure.getMessage().startsWith("RequestID 1 could not be sent within 300 ms: "), failure.getMessage());
        assertTrue(failure.getMessage().contains("refused"), failure.getMessage());
        assertEquals(0, client.pending());
        assertEquals(1, client.stats().failed());
    }

    @Test
    void replyAfterTheDeadlineIsCountedAsUnmatched() throws Exception {
        TcpRelay relay = relayTo(server.port());
        CommandClient client = connect(fast(relay.endpoint())
                .withHeartbeat(Duration.ofMinutes(1), Duration.ofMinutes(1))
                .withRequests(10, Duration.ofMillis(100)));
        events.await("connected");
        relay.freeze();
        Throwable failure = failure(client.send(EJECT));
        assertInstanceOf(TimeoutException.class, failure);
        assertEquals("no reply to RequestID 1 within 100 ms", failure.getMessage());

        relay.thaw();
        Await.condition(() -> client.stats().unmatched() == 1, TIMEOUT, () -> "stats " + client.stats());
        assertEquals(0, client.stats().reconnects());
    }

    @Test
    void givesUpWithoutRetryingWhenTheHandshakeIsRefused() throws Exception {
        CommandClient client = connect(fast(URI.create("ws://127.0.0.1:" + server.port() + "/nowhere")));
        CompletableFuture<Message> request = client.send(EJECT);

        RecordingListener.Event stopped = events.await("stopped");
        assertTrue(stopped.detail().contains("HTTP 404"), stopped.detail());
        assertInstanceOf(IllegalStateException.class, failure(request));
        assertTrue(client.terminated().isCompletedExceptionally());
        events.assertNoEventWithin(Duration.ofMillis(300));
    }

    @Test
    void everyFutureCompletesOnTheClientsThread() throws Exception {
        TcpRelay relay = relayTo(server.port());
        CommandClient client = connect(fast(relay.endpoint())
                .withHeartbeat(Duration.ofMinutes(1), Duration.ofMinutes(1))
                .withRequests(10, Duration.ofSeconds(2)));
        events.await("connected");
        relay.freeze();
        // Frozen, so that each callback is attached before its future completes.
        CompletableFuture<String> answered = completedOn(client.send(EJECT));
        relay.thaw();
        assertEquals(CLIENT_THREAD, answered.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

        relay.freeze();
        CompletableFuture<String> timedOut = completedOn(client.send(EJECT));
        assertEquals(CLIENT_THREAD, timedOut.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

        CompletableFuture<String> failedByClose = completedOn(client.send(EJECT));
        client.close();
        assertEquals(CLIENT_THREAD, failedByClose.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

        CommandClient refused = connect(fast(URI.create("ws://127.0.0.1:" + server.port() + "/nowhere")));
        CompletableFuture<String> failedByStop = completedOn(refused.send(EJECT));
        assertEquals(CLIENT_THREAD, failedByStop.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static final String CLIENT_THREAD = "ws-commands-client";

    /** The name of the thread {@code future} completes on. */
    private static CompletableFuture<String> completedOn(CompletableFuture<Message> future) {
        assertTrue(!future.isDone(), "completed before the callback was attached");
        return future.handle((reply, failure) -> Thread.currentThread().getName());
    }

    /** The relay's accept thread; its link threads end with their connections. */
    private static int relayThreads() {
        return 1;
    }
}
