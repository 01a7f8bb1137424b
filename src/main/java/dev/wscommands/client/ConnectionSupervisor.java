package dev.wscommands.client;

import dev.wscommands.protocol.Message;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The state machine behind {@link CommandClient}: keeps one connection open (opens it, pings it, notices when it
 * dies, reopens it with backoff, or stops when retrying cannot help), writes the pending requests to it, matches
 * the replies and enforces the deadlines.
 *
 * <p>All of that happens on one thread of its own, the client's thread, so none of it needs locks: the container's
 * threads only hand events over. Every request's future completes on that thread too. A second thread runs the
 * blocking handshakes, so that the client's thread keeps serving deadlines meanwhile.
 */
final class ConnectionSupervisor {

    private static final Logger LOG = Logger.getLogger(CommandClient.class.getName());
    private static final CloseReason CLIENT_CLOSED = new CloseReason(CloseCodes.NORMAL_CLOSURE, "client closed");
    private static final CloseReason NO_PONG = new CloseReason(CloseCodes.GOING_AWAY, "no pong");
    /**
     * Most requests written to one connection and not yet answered. A server reads what arrives into a buffer
     * of its own limited size (Tyrus closes with 1011 when a burst overflows it), so the client keeps its
     * requests on the wire to a few dozen KiB.
     */
    static final int IN_FLIGHT_WINDOW = 256;
    /** Room Tyrus needs beside the largest reply: the frame header and what arrives behind it in one read. */
    private static final int READ_BUFFER_SLACK = 4 * 1024 * 1024 + 11;

    private final ClientSettings settings;
    private final ClientListener listener;
    private final ClientCounters counters;
    private final PendingRequests pending;
    private final ClientContainer container;
    private final boolean ownsContainer;
    private final ScheduledThreadPoolExecutor clientThread;
    private final ExecutorService connector;
    /** Requests not yet handed to the client's thread; all of them are also in {@link #pending}. */
    private final Queue<PendingRequest> fresh = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile Thread clientThreadItself;
    private volatile boolean closed;
    private volatile String stoppedBecause;
    /** The newest connection, open or opening: the one {@link #close()} must close. */
    private volatile Connection latest;
    /** The highest RequestID handed out, to tell a reply to an old request from one to a request never made. */
    private volatile long lastRequestId;

    // Used on the client's thread only.
    private Connection current;
    private Backoff backoff;
    private int attempts;
    private int opened;
    private int failedAttempts;
    /** Why the latest connection attempt failed or the latest connection was lost; null while none was. */
    private String lastFailure;

    ConnectionSupervisor(ClientSettings settings, ClientListener listener, ClientCounters counters,
                         PendingRequests pending) {
        this.settings = settings;
        this.listener = listener;
        this.counters = counters;
        this.pending = pending;
        this.backoff = settings.reconnect();
        this.ownsContainer = settings.container().isEmpty();
        this.container = settings.container().orElseGet(() -> ClientContainer.create(settings.connectTimeout()));
        this.clientThread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ws-commands-client");
            thread.setDaemon(true);
            clientThreadItself = thread;
            return thread;
        });
        // Cancelled deadlines of answered requests would otherwise stay queued until due; after close() no
        // deadline, ping or retry is due any more, but the tasks already posted (failing the requests) still run.
        clientThread.setRemoveOnCancelPolicy(true);
        clientThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.connector = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ws-commands-client-connect");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        clientThread.execute(this::openConnection);
    }

    /** Why a new request cannot be made, or null when it can. */
    String refusal() {
        if (closed) {
            return "client is closed";
        }
        String stopped = stoppedBecause;
        return stopped == null ? null : "client gave up: " + stopped;
    }

    /** Takes {@code request}, already pending, to send it as soon as a connection is open; any thread. */
    void submit(PendingRequest request) {
        lastRequestId = Math.max(lastRequestId, request.id());
        try {
            request.deadline(clientThread.schedule(() -> expire(request),
                    settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS));
            fresh.add(request);
            clientThread.execute(this::flush);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: the client's thread is gone, so this one fails the request.
            fail(request, new IllegalStateException("client is closed"));
        }
    }

    CompletableFuture<Void> terminated() {
        return terminated;
    }

    /**
     * Closes the connection with 1000, fails what is pending (on the client's thread), and returns when the
     * client's threads have ended, unless called on the client's thread.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean onClientThread = Thread.currentThread() == clientThreadItself;
        Runnable closing = () -> {
            Connection last = latest;
            if (last != null) {
                last.close(CLIENT_CLOSED);
            }
            failAll(new IllegalStateException("client closed before the reply came"));
        };
        if (onClientThread || !post(closing)) {
            closing.run();
        }
        clientThread.shutdown();
        connector.shutdownNow();
        if (!onClientThread) {
            awaitTermination(clientThread);
            awaitTermination(connector);
        }
        Connection last = latest;
        if (last != null) {
            last.close(CLIENT_CLOSED);
            // Closing a session still uses the container's executors: stop them once it is done.
            last.closed.completeOnTimeout(null, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS).join();
        }
        // A request that raced close() past the client's thread.
        failAll(new IllegalStateException("client closed before the reply came"));
        if (ownsContainer) {
            container.close();
        }
        terminated.complete(null);
        LOG.fine("client closed");
    }

    private void awaitTermination(ExecutorService executor) {
        try {
            // The connector ends at once: an interrupted handshake gives up.
            if (!executor.awaitTermination(settings.connectTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                LOG.warning("a client thread did not end in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Everything below runs on the client's thread, unless it says otherwise.

    private void openConnection() {
        if (closed || stoppedBecause != null) {
            return;
        }
        Connection connection = new Connection(++attempts);
        latest = connection;
        CommandClientEndpoint endpoint = new CommandClientEndpoint(new Events(connection));
        GuardedClientContainer.Options options = new GuardedClientContainer.Options(settings.maxReplySize(),
                settings.tls(), (reason, announced) -> refused(connection, reason, announced));
        int readBuffer = (int) (settings.maxReplySize() + READ_BUFFER_SLACK);
        connector.execute(() -> {
            try {
                container.manager().connectToServer(endpoint, CommandClientEndpoint.config(options, readBuffer),
                        settings.endpoint());
            } catch (IOException | RuntimeException | jakarta.websocket.DeploymentException e) {
                post(() -> connectFailed(connection, e));
            }
        });
    }

    private void opened(Connection connection) {
        if (closed) {
            connection.close(CLIENT_CLOSED);
            return;
        }
        current = connection;
        connection.openedAt = System.nanoTime();
        opened++;
        // Everything unanswered goes out again, oldest first; the queue of fresh requests holds nothing more.
        fresh.clear();
        connection.outbox.addAll(pending.inOrder());
        if (opened == 1) {
            LOG.info(() -> "connected to " + settings.endpoint());
        } else {
            counters.reconnects.increment();
            int resend = connection.outbox.size();
            LOG.info(() -> "reconnected to " + settings.endpoint() + " after " + failedAttempts + " failed attempts; "
                    + "resending " + resend + " unanswered requests");
        }
        failedAttempts = 0;
        long interval = settings.pingInterval().toNanos();
        connection.pings = clientThread.scheduleWithFixedDelay(() -> pingTick(connection), interval, interval,
                TimeUnit.NANOSECONDS);
        listener.connected(opened);
        flush();
    }

    /** Writes the next request, one at a time: the next write starts when the previous one completed. */
    private void flush() {
        Connection connection = current;
        if (connection == null) {
            // Pending holds them all; the next connection sends them. A client that gave up sends none.
            fresh.clear();
            if (stoppedBecause != null) {
                failAll(new IllegalStateException("client gave up: " + stoppedBecause));
            }
            return;
        }
        if (connection.writing || connection.inFlight.size() >= IN_FLIGHT_WINDOW) {
            return;
        }
        PendingRequest next;
        do {
            next = connection.outbox.poll();
            if (next == null) {
                next = fresh.poll();
            }
            if (next == null) {
                return;
            }
        } while (next.reply.isDone() || next.sentOn == connection.number);
        (next.sentOn == 0 ? counters.sent : counters.resent).increment();
        next.sentOn = connection.number;
        try {
            connection.write(next, result -> post(() -> written(connection, result)));
        } catch (RuntimeException e) {
            connection.writing = false;
            broken(connection, "cannot send: " + e);
        }
    }

    private void written(Connection connection, SendResult result) {
        connection.writing = false;
        if (!result.isOK()) {
            broken(connection, "cannot send: " + result.getException());
            return;
        }
        flush();
    }

    private void replied(Connection connection, Message reply) {
        if (connection.answered(reply) && connection == current) {
            flush();
        }
        PendingRequest request = pending.remove(reply.requestId());
        if (request == null) {
            counters.unmatched.increment();
            long id = reply.requestId();
            String hint = id < 1 || id > lastRequestId ? "this client never made that request"
                    : "it was answered already, or timed out";
            LOG.info(() -> "reply to RequestID " + id + " matches no pending request (" + hint + "); ignored");
            return;
        }
        counters.answered.increment();
        if (!reply.success()) {
            counters.failed.increment();
        }
        request.answer(reply);
    }

    private void pingTick(Connection connection) {
        if (connection != current) {
            return;
        }
        boolean heard = connection.heard;
        connection.heard = false;
        Heartbeat.Tick tick = connection.heartbeat.tick(heard);
        if (tick == Heartbeat.Tick.DEAD) {
            dead(connection);
        }
        if (tick != Heartbeat.Tick.PING) {
            return;
        }
        long ping = connection.heartbeat.lastPing();
        try {
            connection.ping(ping);
        } catch (IOException | RuntimeException e) {
            broken(connection, "cannot ping: " + e);
            return;
        }
        if (settings.pongTimeout().compareTo(settings.pingInterval()) < 0) {
            clientThread.schedule(() -> {
                if (connection == current && connection.heartbeat.awaitingPong(ping) && !connection.heard) {
                    dead(connection);
                }
            }, settings.pongTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void dead(Connection connection) {
        Duration waited = settings.pongTimeout().compareTo(settings.pingInterval()) < 0
                ? settings.pongTimeout() : settings.pingInterval();
        broken(connection, "no pong within " + Failures.format(waited) + " (ping interval "
                + Failures.format(settings.pingInterval()) + ", " + connection.heartbeat.succeeded()
                + " pings had succeeded)");
    }

    /** The connection cannot be trusted any more: drop it and open another. */
    private void broken(Connection connection, String why) {
        if (lost(connection, why, true)) {
            connection.close(NO_PONG);
        }
    }

    /** The client refused what the server sent, and closes the connection; on a container thread. */
    private void refused(Connection connection, CloseReason reason, long announced) {
        int code = reason.getCloseCode().getCode();
        String what = code == CloseCodes.TOO_BIG.getCode()
                ? "a reply was larger than " + settings.maxReplySize() + " bytes"
                : "the server sent a binary message, which the protocol does not have";
        Connection.Refusal refusal = new Connection.Refusal(code, "closed by the client with " + code + ": " + what
                + " (its frame announced " + Long.toUnsignedString(announced) + " bytes)");
        connection.refusal = refusal;
        // The reply is not read, so it cannot be matched: it counts with the unreadable ones.
        counters.unmatched.increment();
        LOG.warning(() -> "connection " + connection.number + " " + refusal.why());
    }

    private void closed(Connection connection, CloseReason reason) {
        Connection.Refusal refusal = connection.refusal;
        if (refusal != null) {
            // Tyrus may report the close as 1006, having dropped the transport first: the client's code counts.
            lost(connection, refusal.why(), ReconnectPolicy.afterClose(refusal.closeCode()));
            return;
        }
        int code = reason.getCloseCode().getCode();
        String phrase = reason.getReasonPhrase();
        String why = "closed with " + code + (phrase == null || phrase.isEmpty() ? "" : " (" + phrase + ")");
        lost(connection, why, ReconnectPolicy.afterClose(code));
    }

    /** Forgets {@code connection} if it is the open one and decides what comes next; false if it was not. */
    private boolean lost(Connection connection, String why, boolean reconnect) {
        if (connection != current || closed) {
            return false;
        }
        current = null;
        connection.pings.cancel(false);
        lastFailure = "the connection was " + why;
        listener.disconnected(why);
        if (!reconnect) {
            stop("the connection was " + why + "; retrying cannot help");
            return true;
        }
        if (System.nanoTime() - connection.openedAt >= settings.healthyAfter().toNanos()) {
            backoff = backoff.reset();
        }
        retryLater("connection lost: " + why + "; " + pending.size() + " requests unanswered");
        return true;
    }

    private void connectFailed(Connection connection, Exception failure) {
        if (closed || stoppedBecause != null) {
            return;
        }
        connection.close(CLIENT_CLOSED);
        int status = Failures.handshakeStatus(failure);
        if (status != 0 && !ReconnectPolicy.afterHandshakeStatus(status)) {
            stop("the server refused the handshake with HTTP " + status + "; retrying cannot help");
            return;
        }
        CertificateException untrusted = ReconnectPolicy.certificateFailure(failure);
        if (untrusted != null) {
            stop("the TLS handshake with " + settings.endpoint().getAuthority() + " failed: "
                    + Failures.rootCause(untrusted) + "; retrying cannot help (is the certificate in the trust store, "
                    + "and does it name this host?)");
            return;
        }
        failedAttempts++;
        lastFailure = Failures.connectFailure(failure);
        LOG.log(Level.FINE, "connection attempt failed", failure);
        retryLater("cannot connect to " + settings.endpoint() + ": " + lastFailure);
    }

    private void retryLater(String why) {
        Duration delay = backoff.delay(ThreadLocalRandom.current().nextDouble());
        int attempt = backoff.attempt() + 1;
        backoff = backoff.next();
        LOG.info(() -> why + "; retrying in " + Failures.format(delay) + " (attempt " + attempt + ")");
        listener.retrying(attempt, delay);
        clientThread.schedule(this::openConnection, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void stop(String why) {
        stoppedBecause = why;
        LOG.severe(() -> "giving up: " + why);
        failAll(new IllegalStateException("client gave up: " + why));
        // Terminated before the listener hears of it, so a listener may rely on terminated() being done.
        terminated.completeExceptionally(new IllegalStateException(why));
        listener.stopped(why);
    }

    private void expire(PendingRequest request) {
        Connection connection = current;
        if (connection != null) {
            connection.inFlight.remove(request.id());
        }
        String within = " within " + Failures.format(settings.requestTimeout());
        if (request.sentOn != 0) {
            fail(request, new TimeoutException("no reply to RequestID " + request.id() + within));
            return;
        }
        // Never written: say why, rather than blame a server that never saw it.
        String why = connection != null ? "it waited behind " + connection.inFlight.size() + " unanswered requests"
                : lastFailure != null ? lastFailure : "the first connection attempt was still under way (it may take "
                + Failures.format(container.handshakeTimeout()) + ")";
        fail(request, new TimeoutException("RequestID " + request.id() + " could not be sent" + within + ": " + why));
    }

    private void fail(PendingRequest request, Exception failure) {
        if (pending.remove(request)) {
            counters.failed.increment();
            request.reply.completeExceptionally(failure);
        }
    }

    private void failAll(Exception failure) {
        for (PendingRequest request : pending.removeAll()) {
            counters.failed.increment();
            request.reply.completeExceptionally(failure);
        }
    }

    /** Runs {@code task} on the client's thread; false when the client is closed. Any thread. */
    private boolean post(Runnable task) {
        try {
            clientThread.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** The events of one connection, handed from the container's threads to the client's thread. */
    private final class Events implements CommandClientEndpoint.Events {

        private final Connection connection;

        Events(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void opened(Session session) {
            connection.session = session;
            if (!post(() -> ConnectionSupervisor.this.opened(connection))) {
                connection.close(CLIENT_CLOSED);
            }
        }

        @Override
        public void replied(Message reply) {
            post(() -> ConnectionSupervisor.this.replied(connection, reply));
        }

        @Override
        public void ponged(long ping) {
            post(() -> {
                connection.heard = true;
                if (connection == current) {
                    connection.heartbeat.pong(ping);
                }
            });
        }

        @Override
        public void unreadable(String why) {
            counters.unmatched.increment();
            post(() -> {
                connection.heard = true;
                // A server that sends one usually sends many: the first is worth a warning, the rest a count.
                if (!connection.warnedUnreadable) {
                    connection.warnedUnreadable = true;
                    LOG.warning(() -> "unreadable reply ignored: " + why + " (further ones on this connection are "
                            + "counted as unmatched, not logged)");
                } else {
                    LOG.fine(() -> "unreadable reply ignored: " + why);
                }
            });
        }

        @Override
        public void closed(CloseReason reason) {
            connection.closed.complete(null);
            post(() -> ConnectionSupervisor.this.closed(connection, reason));
        }
    }
}
