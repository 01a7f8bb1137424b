package dev.wscommands.session;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.commands.CommandDispatcher;
import dev.wscommands.operations.ServerMetrics;
import dev.wscommands.protocol.Message;
import dev.wscommands.settings.ServerSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shutdown draining over {@link FakePeer}s: {@link SessionRegistry#close()} lets commands in flight finish and
 * their replies be written before it closes every session with 1001, and refuses what comes meanwhile.
 */
class SessionRegistryTest {

    private static final String SHUTTING_DOWN = "server shutting down";

    private final TestCatalog commands = new TestCatalog();
    private final CommandCatalog catalog = commands.catalog();
    private final ServerMetrics metrics = new ServerMetrics(catalog.names());
    private CommandDispatcher dispatcher;
    private SessionRegistry registry;

    private SessionRegistry start(Duration shutdownTimeout) {
        // No pings and no idle timeout: the registry's timer has nothing to do while the test drives the drain.
        ServerSettings settings = ServerSettings.defaults().withTimeouts(Duration.ZERO, Duration.ZERO)
                .withShutdownTimeout(shutdownTimeout);
        dispatcher = new CommandDispatcher(catalog, settings, metrics);
        registry = new SessionRegistry(settings, dispatcher, metrics, new TestClock());
        return registry;
    }

    @AfterEach
    void stop() {
        commands.release.countDown();
        if (registry != null) {
            registry.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        metrics.close();
    }

    @Test
    void waitsForACommandInFlightAndSendsItsReplyBeforeGoingAway() throws Exception {
        start(Duration.ofSeconds(30));
        FakePeer peer = new FakePeer("s1", "192.0.2.1");
        CommandSession session = registry.open(peer);
        session.onRequest(Message.request(1, TestCatalog.BLOCK));
        commands.awaitStarted();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(registry::close);
        await().atMost(Duration.ofSeconds(5)).until(registry::draining);
        session.onRequest(Message.request(2, "heartbeat"));
        // The command cannot end before it is released: whatever the drain does meanwhile, it must not close.
        peer.assertNothingYet();
        assertFalse(closing.isDone(), "the drain ended while a command was in flight");

        commands.release.countDown();
        assertEquals(Message.success(1, "released"), peer.nextReply());
        peer.assertClosed(CloseCodes.GOING_AWAY, SHUTTING_DOWN);
        closing.get(5, TimeUnit.SECONDS);
    }

    @Test
    void waitsForQueuedRepliesToBeWrittenBeforeGoingAway() throws Exception {
        start(Duration.ofSeconds(30));
        FakePeer slow = new FakePeer("s1", "192.0.2.1");
        FakePeer idle = new FakePeer("s2", "192.0.2.2");
        registry.open(slow);
        registry.open(idle);
        CompletableFuture<Void> written = new CompletableFuture<>();
        slow.flushed = written;

        CompletableFuture<Void> closing = CompletableFuture.runAsync(registry::close);
        await().atMost(Duration.ofSeconds(5)).until(registry::draining);
        // No session is closed before every one is done: the drain closes them together.
        slow.assertNothingYet();
        idle.assertNothingYet();
        assertFalse(closing.isDone(), "the drain ended while replies were unwritten");

        written.complete(null);
        slow.assertClosed(CloseCodes.GOING_AWAY, SHUTTING_DOWN);
        idle.assertClosed(CloseCodes.GOING_AWAY, SHUTTING_DOWN);
        closing.get(5, TimeUnit.SECONDS);
    }

    @Test
    void closesAnywayAfterTheShutdownTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(200);
        start(timeout);
        FakePeer stuck = new FakePeer("s1", "192.0.2.1");
        registry.open(stuck);
        stuck.flushed = new CompletableFuture<>();

        long start = System.nanoTime();
        registry.close();
        long took = System.nanoTime() - start;
        stuck.assertClosed(CloseCodes.GOING_AWAY, SHUTTING_DOWN);
        assertTrue(took >= timeout.toNanos(), "gave up after " + took / 1_000_000 + " ms");
    }

    @Test
    void refusesNewSessionsWith1001OnceDraining() throws Exception {
        start(Duration.ofSeconds(1));
        registry.close();
        FakePeer late = new FakePeer("s9", "192.0.2.9");
        assertNull(registry.open(late));
        late.assertClosed(CloseCodes.GOING_AWAY, SHUTTING_DOWN);
        assertEquals(0, registry.openSessions());
    }

    @Test
    void awaitClosedReturnsOnceEverySessionHasClosed() throws Exception {
        start(Duration.ofSeconds(1));
        FakePeer peer = new FakePeer("s1", "192.0.2.1");
        CommandSession session = registry.open(peer);
        registry.close();
        peer.assertClosed(CloseCodes.GOING_AWAY, SHUTTING_DOWN);
        assertFalse(registry.awaitClosed(Duration.ofMillis(50)), "the client has not answered the close yet");

        // What the endpoint reports once the close handshake is over.
        registry.closed(session, CloseCodes.GOING_AWAY, SHUTTING_DOWN);
        assertTrue(registry.awaitClosed(Duration.ofSeconds(5)));
        assertEquals(0, registry.openSessions());
    }

    @Test
    void theSessionCheckSurvivesAnErrorAndRunsAgain() throws Exception {
        // The real clock and timer: the check runs every 50 ms (a quarter of the send timeout).
        ServerSettings settings = ServerSettings.defaults().withTimeouts(Duration.ZERO, Duration.ZERO)
                .withOutboundLimits(16, Duration.ofMillis(200));
        dispatcher = new CommandDispatcher(catalog, settings, metrics);
        registry = new SessionRegistry(settings, dispatcher, metrics);
        FakePeer failing = new FakePeer("s1", "192.0.2.1");
        FakePeer stuck = new FakePeer("s2", "192.0.2.2");
        registry.open(failing);
        registry.open(stuck);
        failing.failNextCheck = new OutOfMemoryError("injected by the test");
        failing.failed.get(5, TimeUnit.SECONDS);
        // Only now does a write start that is never done: a check after the Error must close it.
        stuck.writingSince = System.nanoTime();
        stuck.assertClosedUnread(CloseCodes.POLICY_VIOLATION, "replies not read within 200 ms");
    }

    @Test
    void aPingThatBlocksDoesNotHoldUpTheChecksOfOtherSessions() throws Exception {
        ServerSettings settings = ServerSettings.defaults().withTimeouts(Duration.ofMillis(200), Duration.ZERO)
                .withOutboundLimits(16, Duration.ofMillis(400));
        dispatcher = new CommandDispatcher(catalog, settings, metrics);
        registry = new SessionRegistry(settings, dispatcher, metrics);
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        FakePeer blocking = new FakePeer("s1", "192.0.2.1");
        blocking.holdPings = held;
        FakePeer stuck = new FakePeer("s2", "192.0.2.2");
        stuck.holdPings = held;
        try {
            registry.open(blocking);
            registry.open(stuck);
            await().atMost(Duration.ofSeconds(5)).until(() -> blocking.pings.get() + stuck.pings.get() > 0);
            stuck.writingSince = System.nanoTime();
            stuck.assertClosedUnread(CloseCodes.POLICY_VIOLATION, "replies not read within 400 ms");
        } finally {
            held.countDown();
        }
    }
}
