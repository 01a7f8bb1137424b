package dev.wscommands.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.commands.CommandDispatcher;
import dev.wscommands.operations.ServerMetrics;
import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageFormatException;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.settings.RateLimit;
import dev.wscommands.settings.ServerSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One session's rules over a {@link FakePeer} and a {@link TestClock}: no socket, no timer, no waiting. */
class CommandSessionTest {

    private static final Duration PING = Duration.ofSeconds(1);
    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final Duration SEND = Duration.ofSeconds(2);
    private static final Duration NANO = Duration.ofNanos(1);

    private final TestClock clock = new TestClock();
    private final FakePeer peer = new FakePeer("s1", "192.0.2.1");
    private final CommandCatalog catalog = CommandCatalog.builtIn();
    private final ServerMetrics metrics = new ServerMetrics(catalog.names());
    private CommandDispatcher dispatcher;

    private CommandSession open(ServerSettings settings) {
        dispatcher = new CommandDispatcher(catalog, settings, metrics);
        return new CommandSession(peer, settings, dispatcher, metrics, clock);
    }

    private CommandSession open() {
        return open(ServerSettings.defaults().withTimeouts(PING, IDLE).withOutboundLimits(16, SEND));
    }

    @AfterEach
    void closeDispatcher() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        metrics.close();
    }

    private long now() {
        return clock.getAsLong();
    }

    @Test
    void answersEachRequestThroughItsPeer() throws Exception {
        CommandSession session = open();
        session.onRequest(Message.request(1, "heartbeat"));
        session.onRequest(Message.request(2, "Eject the hot dog."));
        assertEquals(Message.success(1, ""), peer.nextReply());
        assertEquals(2, peer.nextReply().requestId());
        peer.assertNothingYet();
    }

    @Test
    void answersAnUndecodableMessageAndServesOn() throws Exception {
        CommandSession session = open();
        MessageFormatException fault = assertThrows(MessageFormatException.class, () -> MessageJson.read("not json"));
        session.onUndecodable(fault);
        Message error = peer.nextReply();
        assertEquals(false, error.success());
        assertEquals("invalid request: not valid JSON", error.error());
        session.onRequest(Message.request(2, "heartbeat"));
        assertEquals(Message.success(2, ""), peer.nextReply());
    }

    @Test
    void pingsEveryIntervalAndClosesWhenAPongIsStillMissingAtTheNext() throws Exception {
        CommandSession session = open(ServerSettings.defaults().withTimeouts(PING, Duration.ZERO));
        long opened = now();
        session.check(opened + PING.minus(NANO).toNanos());
        assertEquals(0, peer.pings.get(), "a ping before the interval");
        session.check(opened + PING.toNanos());
        assertEquals(1, peer.pings.get());
        session.check(opened + PING.multipliedBy(2).minus(NANO).toNanos());
        peer.assertNothingYet();

        session.check(opened + PING.multipliedBy(2).toNanos());
        peer.assertClosed(CloseCodes.GOING_AWAY, "no pong within 1000 ms");
        assertEquals(1, peer.pings.get());
    }

    @Test
    void aPingStillQueuedForThePingThreadIsNotAMissedPong() throws Exception {
        // One ping thread serves every session: a ping that blocks delays the others' pings. Theirs are not missed
        // until they have been sent and an interval has passed.
        java.util.List<Runnable> queued = new java.util.ArrayList<>();
        ServerSettings settings = ServerSettings.defaults().withTimeouts(PING, Duration.ZERO);
        dispatcher = new CommandDispatcher(catalog, settings, metrics);
        CommandSession session = new CommandSession(peer, settings, dispatcher, metrics, clock, queued::add,
                (task, delay) -> { });
        long opened = now();
        session.check(opened + PING.toNanos());
        session.check(opened + PING.multipliedBy(3).toNanos());
        peer.assertNothingYet();
        assertEquals(0, peer.pings.get());

        clock.advance(PING.multipliedBy(3));
        queued.forEach(Runnable::run);
        assertEquals(1, peer.pings.get());
        session.check(opened + PING.multipliedBy(4).minus(NANO).toNanos());
        peer.assertNothingYet();
        session.check(opened + PING.multipliedBy(4).toNanos());
        peer.assertClosed(CloseCodes.GOING_AWAY, "no pong within 1000 ms");
    }

    @Test
    void aSessionWhoseReplyIsBeingWrittenIsNotPingedNorClosedForAMissingPong() throws Exception {
        // Ping 1 s, send timeout 2 s: a write that goes on is the send timeout's to judge, not the ping's.
        CommandSession session = open(ServerSettings.defaults().withTimeouts(PING, Duration.ZERO)
                .withOutboundLimits(16, SEND));
        long opened = now();
        peer.writingSince = opened + 1;
        session.check(opened + PING.toNanos());
        session.check(opened + PING.multipliedBy(2).toNanos());
        assertEquals(0, peer.pings.get(), "pinged while a write was in progress");
        peer.assertNothingYet();
        peer.writingSince = 0;
        session.check(opened + PING.multipliedBy(3).toNanos());
        assertEquals(1, peer.pings.get());
    }

    @Test
    void aPongInTimeKeepsTheSessionOpen() throws Exception {
        CommandSession session = open(ServerSettings.defaults().withTimeouts(PING, Duration.ZERO));
        long opened = now();
        for (int interval = 1; interval <= 5; interval++) {
            session.check(opened + PING.multipliedBy(interval).toNanos());
            assertEquals(interval, peer.pings.get());
            session.onPong();
        }
        peer.assertNothingYet();
    }

    @Test
    void closesAnIdleSessionAndEachMessageRestartsItsIdleTime() throws Exception {
        CommandSession session = open(ServerSettings.defaults().withTimeouts(Duration.ZERO, IDLE));
        clock.advance(IDLE.minusSeconds(1));
        session.onRequest(Message.request(1, "heartbeat"));
        peer.nextReply();
        long lastMessage = now();
        session.check(lastMessage + IDLE.toNanos());
        peer.assertNothingYet();

        session.check(lastMessage + IDLE.plus(NANO).toNanos());
        peer.assertClosed(CloseCodes.GOING_AWAY, "idle timeout");
    }

    @Test
    void closesWhenOneReplyTakesLongerThanTheSendTimeoutToWrite() throws Exception {
        CommandSession session = open();
        peer.writingSince = now();
        session.check(now() + SEND.toNanos());
        peer.assertNothingYet();

        session.check(now() + SEND.plus(NANO).toNanos());
        peer.assertClosedUnread(CloseCodes.POLICY_VIOLATION, "replies not read within 2 s");
    }

    @Test
    void aPeerThatNeedsItIsCutOneSendTimeoutAfterAnyCloseAndTheCutIsCounted() throws Exception {
        ServerSettings settings = ServerSettings.defaults().withTimeouts(PING, IDLE).withOutboundLimits(16, SEND);
        dispatcher = new CommandDispatcher(catalog, settings, metrics);
        java.util.List<Runnable> tasks = new java.util.ArrayList<>();
        java.util.List<Duration> delays = new java.util.ArrayList<>();
        peer.needsCut = true;
        CommandSession session = new CommandSession(peer, settings, dispatcher, metrics, clock, Runnable::run,
                (task, delay) -> {
                    tasks.add(task);
                    delays.add(delay);
                });
        session.close(CloseCodes.CANNOT_ACCEPT, "binary messages are not supported");
        session.close(CloseCodes.CANNOT_ACCEPT, "again");
        peer.assertClosed(CloseCodes.CANNOT_ACCEPT, "binary messages are not supported");
        peer.assertNothingYet();
        assertEquals(java.util.List.of(SEND), delays, "one cut, one send timeout later");
        assertEquals(0, peer.cuts.get(), "not before its time");
        tasks.get(0).run();
        assertEquals(1, peer.cuts.get());
        assertEquals(1, dev.wscommands.testing.Metrics.parse(metrics.scrape().orElseThrow())
                .value("ws_commands_http_connections_dropped_total{reason=\"close-timeout\"}"));
    }

    @Test
    void closesWhenThePeerHoldsAsManyUnreadRepliesAsItMay() throws Exception {
        CommandSession session = open();
        peer.acceptsReplies = false;
        session.onRequest(Message.request(1, "heartbeat"));
        peer.assertClosedUnread(CloseCodes.POLICY_VIOLATION, "too many unread replies");
    }

    @Test
    void refusesRequestsOverTheRateAndClosesAClientThatKeepsGoing() throws Exception {
        CommandSession session = open(ServerSettings.defaults().withRateLimit(RateLimit.parse("10/s")));
        // A burst of one second's worth is allowed, all at one instant.
        for (int id = 1; id <= 10; id++) {
            session.onRequest(Message.request(id, "heartbeat"));
            assertEquals(Message.success(id, ""), peer.nextReply());
        }
        session.onRequest(Message.request(11, "heartbeat"));
        assertEquals(Message.failure(11, "rate limit exceeded: at most 10/s requests per connection"), peer.nextReply());

        // 200 ms later two requests' worth has come back: one pays the refused request's debt, one is allowed.
        clock.advance(Duration.ofMillis(200));
        session.onRequest(Message.request(12, "heartbeat"));
        assertEquals(Message.success(12, ""), peer.nextReply());

        // Another second's worth past the limit, without pause: the client is closed.
        for (int id = 13; id <= 21; id++) {
            session.onRequest(Message.request(id, "heartbeat"));
            assertEquals(false, peer.nextReply().success());
        }
        session.onRequest(Message.request(22, "heartbeat"));
        peer.assertClosed(CloseCodes.POLICY_VIOLATION, "rate limit 10/s exceeded");
    }

    @Test
    void ignoresEverythingOnceClosing() throws Exception {
        CommandSession session = open();
        session.close(CloseCodes.GOING_AWAY, "bye");
        peer.assertClosed(CloseCodes.GOING_AWAY, "bye");
        session.onRequest(Message.request(1, "heartbeat"));
        session.close(CloseCodes.POLICY_VIOLATION, "again");
        session.check(now() + IDLE.multipliedBy(10).toNanos());
        peer.assertNothingYet();
        assertEquals(0, peer.pings.get());
    }

    @Test
    void whileDrainingANewRequestIsNeitherRunNorAnsweredAndTheCloseAnswersIt() throws Exception {
        CommandSession session = open();
        session.onRequest(Message.request(6, "heartbeat"));
        assertEquals(Message.success(6, ""), peer.nextReply());
        session.drain();
        session.onRequest(Message.request(7, "heartbeat"));
        peer.assertNothingYet();
        session.close(CloseCodes.GOING_AWAY, "server shutting down");
        peer.assertClosed(CloseCodes.GOING_AWAY, "server shutting down");
    }
}
