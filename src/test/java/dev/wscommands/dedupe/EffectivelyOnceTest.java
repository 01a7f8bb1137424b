package dev.wscommands.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.Counter;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rule of resent requests on one server, with the memory store, over real connections. */
class EffectivelyOnceTest {

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private final Counter counter = new Counter();
    private StandaloneServer server;

    private StandaloneServer start(ServerSettings settings) throws IOException {
        server = running.start(settings, CommandCatalog.builder()
                .addAll(CommandCatalog.builtIn().commands().stream().toList()).add(counter, "test").build());
        return server;
    }

    private StandaloneServer start() throws IOException {
        return start(ServerSettings.defaults());
    }


    private static String request(long id, String command, String argument) {
        return MessageJson.write(new Message(id, command, argument, false, null));
    }


    private static String clientId() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aResendIsAnsweredByteForByteFromTheFirstRunAndDoesNotRun() throws IOException {
        start();
        String id = clientId();
        String first;
        try (RawWebSocket socket = RawWebSocket.connectAs(server.endpoint(), id)) {
            first = socket.exchange(1, "counter", "");
        }
        try (RawWebSocket socket = RawWebSocket.connectAs(server.endpoint(), id)) {
            assertEquals(first, socket.exchange(1, "counter", ""));
            assertEquals("{\"RequestID\":2,\"Command\":\"\",\"SomeOtherThing\":\"count 2\",\"Success\":true}",
                    socket.exchange(2, "counter", ""));
        }
        assertEquals(2, counter.runs());
    }

    @Test
    void aCommandWithAClientIdRunsOnAfterAnAbruptDropAndItsResendGetsItsReply() throws Exception {
        start();
        String id = clientId();
        RawWebSocket dropped = RawWebSocket.connectAs(server.endpoint(), id);
        dropped.sendText(request(5, "counter", "600"));
        dropped.abort();
        try (RawWebSocket socket = RawWebSocket.connectAs(server.endpoint(), id)) {
            // Joins the first run if it still runs, or gets its kept reply: either way the one run's reply.
            assertEquals(success(5, "count 1"), socket.exchange(5, "counter", "600"));
            assertEquals(success(6, "count 2"), socket.exchange(6, "counter", ""));
        }
    }

    @Test
    void withoutAClientIdADroppedConnectionStillCancelsItsCommandAndAResendRuns() throws Exception {
        start();
        RawWebSocket dropped = RawWebSocket.connectAs(server.endpoint(), null);
        dropped.sendText(request(5, "counter", "800"));
        dropped.abort();
        try (RawWebSocket socket = RawWebSocket.connectAs(server.endpoint(), null)) {
            assertEquals(success(5, "count 1"), socket.exchange(5, "counter", "1200"));
            assertEquals(success(5, "count 2"), socket.exchange(5, "counter", ""));
        }
    }

    @Test
    void aResendWhileTheFirstRunSleepsJoinsItOneRunOneReplyEach() throws Exception {
        start();
        String id = clientId();
        try (RawWebSocket first = RawWebSocket.connectAs(server.endpoint(), id);
                RawWebSocket second = RawWebSocket.connectAs(server.endpoint(), id)) {
            first.sendText(request(7, "counter", "1500"));
            awaitRunning();
            long sent = System.nanoTime();
            second.sendText(request(7, "counter", "1500"));
            assertEquals(success(7, "count 1"), second.readText());
            assertEquals(success(7, "count 1"), first.readText());
            assertTrue(System.nanoTime() - sent < Duration.ofMillis(1500 + 5000).toNanos());
        }
        assertEquals(1, counter.runs());
        assertEquals(1.0, metric("ws_commands_replays_total{how=\"joined\"}"));
    }

    @Test
    void theSameRequestIdForAnotherCommandOrArgumentIsRefused() throws Exception {
        start();
        try (RawWebSocket socket = RawWebSocket.connectAs(server.endpoint(), clientId())) {
            socket.exchange(3, "counter", "");
            String refusal = "{\"RequestID\":3,\"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":false,"
                    + "\"Error\":\"RequestID 3 was already used by this client for another request\"}";
            assertEquals(refusal, socket.exchange(3, "heartbeat", ""));
            assertEquals(refusal, socket.exchange(3, "counter", "1"));
        }
        assertEquals(1, counter.runs());
        assertEquals(2.0, metric("ws_commands_reuse_refused_total"));
    }

    @Test
    void twoClientsWithTheSameRequestIdsDoNotCollide() throws IOException {
        start();
        try (RawWebSocket a = RawWebSocket.connectAs(server.endpoint(), clientId());
                RawWebSocket b = RawWebSocket.connectAs(server.endpoint(), clientId())) {
            assertEquals(success(1, "count 1"), a.exchange(1, "counter", ""));
            assertEquals(success(1, "count 2"), b.exchange(1, "counter", ""));
            assertEquals(success(1, "count 1"), a.exchange(1, "counter", ""));
        }
    }

    @Test
    void withoutAClientIdEveryRequestRuns() throws IOException {
        start();
        try (RawWebSocket socket = RawWebSocket.connectAs(server.endpoint(), null)) {
            assertEquals(success(1, "count 1"), socket.exchange(1, "counter", ""));
            assertEquals(success(1, "count 2"), socket.exchange(1, "counter", ""));
        }
    }

    @Test
    void repliesThatMeanNotRunAreNotKept() throws IOException {
        start(ServerSettings.defaults().withCommandLimits(ServerSettings.DEFAULT_COMMAND_TIMEOUT, 1,
                ServerSettings.DEFAULT_COMMAND_THREADS, ServerSettings.DEFAULT_COMMAND_QUEUE));
        String id = clientId();
        try (RawWebSocket socket = RawWebSocket.connectAs(server.endpoint(), id)) {
            socket.sendText(request(1, "counter", "800"));
            String busy = socket.exchange(2, "counter", "");
            assertTrue(busy.contains("server busy"), busy);
            assertEquals(success(1, "count 1"), socket.readText());
        }
        // A connection of its own each: a reply is sent a moment before its command stops counting as in flight.
        try (RawWebSocket socket = RawWebSocket.connectAs(server.endpoint(), id)) {
            assertEquals(success(2, "count 2"), socket.exchange(2, "counter", ""));
        }
        try (RawWebSocket socket = RawWebSocket.connectAs(server.endpoint(), id)) {
            assertTrue(socket.exchange(3, "no such command", "").contains("unknown command"));
            assertEquals(success(3, "count 3"), socket.exchange(3, "counter", ""));
        }
    }

    @Test
    void aReplyIsKeptForTheWindowOnly() throws Exception {
        Duration window = Duration.ofSeconds(2);
        start(ServerSettings.defaults().withCommandLimits(Duration.ofSeconds(1), 64, 8, 64)
                .withDedupe(dedupe().withWindow(window)));
        try (RawWebSocket socket = RawWebSocket.connectAs(server.endpoint(), clientId())) {
            long first = System.nanoTime();
            assertEquals(success(1, "count 1"), socket.exchange(1, "counter", ""));
            String reply = success(1, "count 1");
            while (reply.equals(success(1, "count 1")) && System.nanoTime() - first < Duration.ofSeconds(20).toNanos()) {
                reply = socket.exchange(1, "counter", "");
                Thread.sleep(100);
            }
            assertEquals(success(1, "count 2"), reply, "the resend ran once the window was over");
            assertTrue(System.nanoTime() - first >= window.toNanos(), "not before the window was over");
        }
    }

    @Test
    void theClientIdMayComeAsAQueryParameter() throws IOException {
        start();
        String id = clientId();
        URI withId = URI.create(server.endpoint() + "?client-id=" + id);
        String first;
        try (RawWebSocket socket = RawWebSocket.connect(withId)) {
            assertEquals(101, socket.status());
            first = socket.exchange(1, "counter", "");
        }
        try (RawWebSocket socket = RawWebSocket.connectAs(server.endpoint(), id)) {
            assertEquals(first, socket.exchange(1, "counter", ""));
        }
    }

    @Test
    void aMalformedClientIdIsRefusedWith400BeforeTheUpgrade() throws IOException {
        start();
        for (String bad : new String[] {"short", "x".repeat(65), "has space in it", "semi;colon12", ""}) {
            String answer = RawWebSocket.refusedHandshake(server.endpoint(), Map.of("Client-Id", bad));
            assertTrue(answer.startsWith("HTTP/1.1 400 "), bad + ": " + answer);
            assertTrue(answer.contains("invalid Client-Id"), answer);
        }
        String answer = RawWebSocket.refusedHandshake(URI.create(server.endpoint() + "?client-id=%41%42"), Map.of());
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        try (RawWebSocket fine = RawWebSocket.connectAs(server.endpoint(), "abcdefgh")) {
            assertEquals(success(1, "count 1"), fine.exchange(1, "counter", ""));
        }
    }

    private static dev.wscommands.settings.DedupeSettings dedupe() {
        return dev.wscommands.settings.DedupeSettings.defaults();
    }

    private void awaitRunning() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (metric("ws_commands_commands_in_flight{command=\"counter\"}") < 1) {
            assertTrue(System.nanoTime() < deadline, "the first run did not start");
            Thread.sleep(20);
        }
    }

    private double metric(String sample) throws IOException, InterruptedException {
        return Metrics.scrape(server.metrics()).value(sample);
    }

    private static String success(long id, String text) {
        return MessageJson.write(Message.success(id, text));
    }
}
