package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.commands.CommandLoader;
import dev.wscommands.protocol.Message;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RunningServer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cancelling a future that {@code send} returned stops the command on the server (the built-in {@code cancel}). */
class CancelTest {

    @RegisterExtension
    final RunningServer running = new RunningServer();

    private final AtomicInteger sleeping = new AtomicInteger();
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private StandaloneServer server;

    @BeforeEach
    void start() throws Exception {
        CommandCatalog catalog = CommandCatalog.builder()
                .addAll(CommandLoader.fromClassLoader(CancelTest.class.getClassLoader()))
                .add(new Sleep(), "test")
                .build();
        // One worker: a bystander's command can run only once the cancelled one gave it back.
        server = running.start(ServerSettings.defaults().withCommandLimits(Duration.ofSeconds(30), 64, 1, 16),
                catalog);
    }

    private ClientSettings settings() {
        return ClientSettings.defaults(server.endpoint()).withRequests(100, Duration.ofSeconds(20));
    }

    @Test
    void aCancelledSleepIsInterruptedAtOnceAndABystandersCommandRunsRightAfter() throws Exception {
        try (CommandClient client = CommandClient.connect(settings());
             CommandClient bystander = CommandClient.connect(settings())) {
            CompletableFuture<Message> sleep = client.send("sleep", "5000");
            awaitSleeping(1);
            long start = System.nanoTime();
            assertTrue(sleep.cancel(true));
            assertThrows(CancellationException.class, sleep::join);
            assertTrue(interrupted.await(3, TimeUnit.SECONDS), "the server's command was not interrupted");

            Message bystanders = bystander.send("sleep", "0").get(3, TimeUnit.SECONDS);
            assertEquals("slept 0 ms", bystanders.someOtherThing());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 3_000, "cancel and the bystander's sleep took " + millis + " ms");

            // The server's "cancelled by the client" reply is expected, not unmatched; the client goes on.
            assertEquals("slept 0 ms", client.send("sleep", "0").get(3, TimeUnit.SECONDS).someOtherThing());
            assertEquals(0, client.stats().unmatched());
            assertEquals(0, client.pending());
            Metrics metrics = Metrics.scrape(server.metrics());
            assertEquals(1, metrics.value("ws_commands_replies_total{command=\"sleep\",outcome=\"cancelled\"}"));
            assertEquals(1, metrics.value("ws_commands_replies_total{command=\"cancel\",outcome=\"success\"}"));
        }
    }

    @Test
    void cancelAllStopsEveryRunningCommandAndCompletesWhenTheServerAnswered() throws Exception {
        server = running.start(ServerSettings.defaults().withCommandLimits(Duration.ofSeconds(30), 64, 4, 16),
                CommandCatalog.builder().addAll(CommandLoader.fromClassLoader(CancelTest.class.getClassLoader()))
                        .add(new Sleep(), "test").build());
        try (CommandClient client = CommandClient.connect(settings())) {
            CompletableFuture<Message> first = client.send("sleep", "20000");
            CompletableFuture<Message> second = client.send("sleep", "20000");
            awaitSleeping(2);
            client.cancelAll().get(5, TimeUnit.SECONDS);
            assertTrue(first.isCancelled() && second.isCancelled());
            assertEquals(0, client.pending());
            assertEquals(2, Metrics.scrape(server.metrics())
                    .value("ws_commands_replies_total{command=\"sleep\",outcome=\"cancelled\"}"));
        }
    }

    @Test
    void aRequestCancelledBeforeItWasWrittenIsNeverSent() throws Exception {
        // Nothing listens here: the request waits for a connection that never opens.
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        ClientSettings nowhere = ClientSettings.defaults(java.net.URI.create("ws://127.0.0.1:" + port + "/server"))
                .withReconnect(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(50)), Duration.ofSeconds(10));
        try (CommandClient client = CommandClient.connect(nowhere)) {
            CompletableFuture<Message> reply = client.send("sleep", "1");
            assertTrue(reply.cancel(true));
            Await.condition(() -> client.pending() == 0, Duration.ofSeconds(5), () -> "no request pending");
            assertEquals(0, client.stats().sent());
        }
    }

    private void awaitSleeping(int count) {
        Await.condition(() -> sleeping.get() >= count, Duration.ofSeconds(10), () -> count + " sleeps running");
    }

    private final class Sleep implements CommandHandler {

        @Override
        public String name() {
            return "sleep";
        }

        @Override
        public String execute(CommandRequest request) throws InterruptedException {
            long millis = Long.parseLong(request.argument());
            sleeping.incrementAndGet();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            } finally {
                sleeping.decrementAndGet();
            }
            return "slept " + millis + " ms";
        }
    }
}
