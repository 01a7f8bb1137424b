package dev.wscommands.session;

import dev.wscommands.commands.CommandDispatcher;
import dev.wscommands.commands.SessionCommands;
import dev.wscommands.operations.HttpDrop;
import dev.wscommands.operations.ServerMetrics;
import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageFormatException;
import dev.wscommands.settings.ServerSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * One connection's life above the WebSocket API: requests in, replies out, within the connection's limits
 * (rate, outbound queue, send timeout, pings, idle time). Messages of one connection arrive one at a time;
 * {@link #check(long)} runs on the registry's timer thread. Its time limits are measured on the registry's
 * clock, {@link System#nanoTime()} but in tests.
 */
public final class CommandSession {

    private static final Logger LOG = Logger.getLogger(CommandSession.class.getName());

    private final Peer peer;
    private final ServerSettings settings;
    private final CommandDispatcher dispatcher;
    private final ServerMetrics metrics;
    private final SessionCommands commands;
    private final Optional<TokenBucket> rate;
    private final LongSupplier nanoClock;
    private final Executor pinger;
    /** Runs a task after a delay: the cut of a connection whose close was not taken. */
    private final BiConsumer<Runnable, Duration> later;
    private final long openedAt;
    private volatile long lastMessageAt;
    private volatile long lastPingAt;
    private volatile boolean awaitingPong;
    /** A ping handed to the ping thread and not yet sent: its pong cannot be missing yet. */
    private volatile boolean pingUnsent;
    private volatile long requests;
    private volatile boolean closing;
    private volatile boolean draining;

    /**
     * A session whose pings are sent by the thread that checks it: tests see them at once. A cut its peer needs
     * after a close is never run.
     */
    CommandSession(Peer peer, ServerSettings settings, CommandDispatcher dispatcher, ServerMetrics metrics,
            LongSupplier nanoClock) {
        this(peer, settings, dispatcher, metrics, nanoClock, Runnable::run, (task, delay) -> { });
    }

    /**
     * A session whose pings {@code pinger} sends, so that a ping that blocks never holds up the timer, and whose
     * peer, if it {@linkplain Peer#needsCut() needs} it, is cut by {@code later} one send timeout after a close.
     */
    CommandSession(Peer peer, ServerSettings settings, CommandDispatcher dispatcher, ServerMetrics metrics,
            LongSupplier nanoClock, Executor pinger, BiConsumer<Runnable, Duration> later) {
        long now = nanoClock.getAsLong();
        this.peer = peer;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.commands = dispatcher.open(peer.id(), peer.address(), peer.caller(), peer.clientId(),
                this::reply);
        this.nanoClock = nanoClock;
        this.pinger = pinger;
        this.later = later;
        this.rate = settings.rateLimit().map(limit -> new TokenBucket(limit, nanoClock));
        this.openedAt = now;
        this.lastMessageAt = now;
        this.lastPingAt = now;
    }

    public Peer peer() {
        return peer;
    }

    /** The commands in flight on this connection. */
    public SessionCommands commands() {
        return commands;
    }

    long requests() {
        return requests;
    }

    long openedAt() {
        return openedAt;
    }

    /** A decoded request arrived. */
    public void onRequest(Message request) {
        // Not the session's clock: the metrics measure latency against System.nanoTime().
        long arrivedAt = System.nanoTime();
        metrics.messageReceived();
        if (admit(request.requestId())) {
            if (draining) {
                // Not run and not answered: the 1001 that ends the drain answers it, and a client sends it again
                // on its next connection (ours does), where it runs once. An error reply here would make a
                // client that resends what a closed connection left unanswered give up on it instead.
                return;
            }
            dispatcher.dispatch(request, arrivedAt, commands);
        }
    }

    /** A text message arrived that is not a valid request. */
    public void onUndecodable(MessageFormatException fault) {
        long arrivedAt = System.nanoTime();
        metrics.messageReceived();
        if (admit(fault.requestId())) {
            metrics.undecodable(arrivedAt);
            reply(dispatcher.undecodable(fault));
        }
    }

    /** The client answered a ping. */
    public void onPong() {
        awaitingPong = false;
    }

    /**
     * Enforces the time limits at {@code now} (on the registry's clock): sends the next ping, or closes the
     * session whose pong, reply write or next message is overdue.
     */
    void check(long now) {
        if (closing) {
            return;
        }
        long writing = peer.writingSince();
        if (writing != 0 && now - writing > settings.sendTimeout().toNanos()) {
            closeUnread("replies not read within " + describe(settings.sendTimeout()));
            return;
        }
        long idle = settings.idleTimeout().toNanos();
        if (idle > 0 && now - lastMessageAt > idle) {
            close(CloseCodes.GOING_AWAY, "idle timeout");
            return;
        }
        long ping = settings.pingInterval().toNanos();
        if (ping > 0 && now - lastPingAt >= ping) {
            if (writing != 0) {
                // A reply is being written: the send timeout watches this connection, and a ping would wait behind
                // the write in some containers (Tomcat blocks a ping while a message is in progress).
                lastPingAt = now;
                awaitingPong = false;
                return;
            }
            if (awaitingPong) {
                if (pingUnsent) {
                    // The ping still waits for the ping thread (behind another client's slow ping): this client
                    // cannot have answered what it was not sent.
                    return;
                }
                metrics.pongMissed();
                close(CloseCodes.GOING_AWAY, "no pong within " + settings.pingInterval().toMillis() + " ms");
                return;
            }
            awaitingPong = true;
            pingUnsent = true;
            lastPingAt = now;
            pinger.execute(this::sendPing);
            metrics.pingSent();
        }
    }

    /** On the ping thread: the pong is due one interval after the ping went out, not after it was queued. */
    private void sendPing() {
        try {
            peer.ping();
        } finally {
            lastPingAt = Math.max(lastPingAt, nanoClock.getAsLong());
            pingUnsent = false;
        }
    }

    /**
     * The server is shutting down: commands in flight go on, and their replies are sent, but new requests are
     * neither run nor answered; the connection's close with 1001 is their answer.
     */
    void drain() {
        draining = true;
    }

    /** Closes the session; later messages on it are ignored. */
    public void close(int code, String reason) {
        if (beginClose(code, reason)) {
            peer.close(code, reason);
            cutLater();
        }
    }

    /** Closes the session with 1008 because its client does not read: what it has not read is dropped. */
    private void closeUnread(String reason) {
        if (beginClose(CloseCodes.POLICY_VIOLATION, reason)) {
            peer.closeUnread(CloseCodes.POLICY_VIOLATION, reason);
            cutLater();
        }
    }

    /** Marks the session closing; false when it already was. */
    private boolean beginClose(int code, String reason) {
        if (closing) {
            return false;
        }
        closing = true;
        // The registry logs the close itself, with the code and reason, once the connection is closed.
        LOG.fine(() -> "session " + peer.id() + " from " + peer.address() + " closing with " + code + ": " + reason);
        return true;
    }

    /**
     * One send timeout after the close, the close frame has had its chance: a connection still there then belongs
     * to a client that will not take it, and is cut (as the standalone server's gate cuts it).
     */
    private void cutLater() {
        if (!peer.needsCut()) {
            return;
        }
        later.accept(() -> {
            if (peer.cut()) {
                metrics.httpDropped(HttpDrop.CLOSE_TIMEOUT);
                LOG.fine(() -> "cut WebSocket connection " + peer.id() + " from " + peer.address()
                        + ": its close was not taken within " + settings.sendTimeout().toMillis() + " ms");
            }
        }, settings.sendTimeout());
    }

    private boolean admit(long requestId) {
        if (closing) {
            return false;
        }
        lastMessageAt = nanoClock.getAsLong();
        requests++;
        if (rate.isEmpty()) {
            return true;
        }
        switch (rate.get().take()) {
            case ALLOWED -> {
                return true;
            }
            case REFUSED -> {
                metrics.rateLimited();
                reply(Message.failure(requestId, "rate limit exceeded: at most "
                        + settings.rateLimit().orElseThrow() + " requests per connection"));
                return false;
            }
            default -> {
                close(CloseCodes.POLICY_VIOLATION, "rate limit " + settings.rateLimit().orElseThrow() + " exceeded");
                return false;
            }
        }
    }

    /** A limit as a close reason shows it: whole seconds as such ({@code 10 s}), anything else in ms. */
    private static String describe(java.time.Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }

    /** Queues {@code reply} for the client; false when it could not be (the session is closing, or now closes). */
    private boolean reply(Message reply) {
        if (closing) {
            return false;
        }
        if (peer.send(reply)) {
            metrics.messageSent();
            return true;
        }
        closeUnread("too many unread replies");
        return false;
    }
}
