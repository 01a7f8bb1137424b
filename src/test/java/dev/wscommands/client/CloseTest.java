package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.RunningServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CommandClient#close()} returns once every thread of the client has ended, in each case where one used to
 * outlive it: checked with a thread dump, by name, right after {@code close()} returns, with no waiting.
 */
class CloseTest {

    /** The names the client's threads have: its own, and its WebSocket container's (Grizzly's and Tyrus's). */
    private static final Pattern CLIENT_THREAD = Pattern.compile("ws-commands-client.*|Grizzly.*|tyrus-.*");

    @RegisterExtension
    final RunningServer running = new RunningServer();

    private Set<Thread> before;

    @BeforeEach
    void takeBaseline() {
        before = Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /** The threads alive now, started since the test began, named as a client's thread is. */
    private List<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .map(Thread::getName)
                .filter(name -> CLIENT_THREAD.matcher(name).matches())
                .sorted()
                .toList();
    }

    private static ClientSettings settings(java.net.URI endpoint) {
        return ClientSettings.defaults(endpoint).withConnectTimeout(Duration.ofSeconds(10));
    }

    @Test
    void closeDuringAnUnansweredHandshakeEndsTheTransportItsThreadsAndItsSocket() throws Exception {
        CountDownLatch socketClosed = new CountDownLatch(1);
        CountDownLatch accepted = new CountDownLatch(1);
        try (BrokenServer silent = new BrokenServer(peer -> {
            // Reads the upgrade request and never answers it: the client waits in its handshake.
            peer.readUpgrade();
            accepted.countDown();
            peer.awaitClose();
            socketClosed.countDown();
        })) {
            CommandClient client = CommandClient.connect(settings(silent.endpoint()));
            assertTrue(accepted.await(10, TimeUnit.SECONDS));
            assertTrue(!clientThreads().isEmpty(), "the handshake runs on the client's threads");

            client.close();

            assertEquals(List.of(), clientThreads(), "alive right after close()");
            assertTrue(socketClosed.await(5, TimeUnit.SECONDS), "the client's socket is still open");
        }
    }

    @Test
    void closeWithinMillisecondsOfConnectLeavesNoThread() throws Exception {
        // Each delay lands the close at another step of the handshake. At one of them the session is made after the
        // container was stopped, and makes the container's timer executor anew: 3 of 300 closes kept its thread.
        StandaloneServer server = running.start();
        for (int i = 0; i < 100; i++) {
            CommandClient client = CommandClient.connect(settings(server.endpoint()));
            TimeUnit.MILLISECONDS.sleep(i % 10);
            client.close();
            assertEquals(List.of(), clientThreads(), "alive right after close() number " + (i + 1));
        }
    }

    @Test
    void closeAfterANormalSessionLeavesNoThreadEveryTime() throws Exception {
        StandaloneServer server = running.start();
        for (int i = 0; i < 5; i++) {
            CommandClient client = CommandClient.connect(settings(server.endpoint()));
            assertTrue(client.send("heartbeat").get(10, TimeUnit.SECONDS).success());
            client.close();
            assertEquals(List.of(), clientThreads(), "alive right after close() number " + (i + 1));
        }
    }

    @Test
    void aSharedContainerClosedUnderALiveClientFailsItClearlyAndRefusesNewOnes() throws Exception {
        StandaloneServer server = running.start();
        ClientContainer shared = ClientContainer.create(Duration.ofSeconds(10));
        RecordingListener events = new RecordingListener();
        CommandClient client = CommandClient.connect(settings(server.endpoint()).withContainer(shared), events);
        try {
            assertTrue(client.send("heartbeat").get(10, TimeUnit.SECONDS).success());

            shared.close();

            assertEquals("its shared ClientContainer was closed", events.await("stopped").detail());
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> client.send("heartbeat").get(10, TimeUnit.SECONDS));
            assertEquals("client gave up: its shared ClientContainer was closed", failed.getCause().getMessage());
            assertTrue(client.terminated().isCompletedExceptionally());
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> CommandClient.connect(settings(server.endpoint()).withContainer(shared)));
            assertEquals("the shared ClientContainer is closed", refused.getMessage());
        } finally {
            client.close();
        }
        assertEquals(List.of(), clientThreads(), "alive after both closed");
    }
}
