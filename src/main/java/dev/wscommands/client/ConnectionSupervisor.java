package dev.wscommands.client;

import dev.wscommands.protocol.Message;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connection's side of the client, a state machine: opens a connection, pings it, notices when it dies,
 * reopens it with backoff, or stops when retrying cannot help ({@link ReconnectPolicy}). The requests' side is
 * the {@link RequestDispatcher}, which it tells when a connection opens and closes.
 *
 * <p>Runs on the {@link ClientThread}: the container's threads only hand events over. A second thread runs the
 * blocking handshakes, so that the client's thread keeps serving deadlines meanwhile.
 */
final class ConnectionSupervisor implements RequestDispatcher.Link {

    private static final Logger LOG = Logger.getLogger(CommandClient.class.getName());
    private static final CloseReason CLIENT_CLOSED = new CloseReason(CloseCodes.NORMAL_CLOSURE, "client closed");
    private static final CloseReason NO_PONG = new CloseReason(CloseCodes.GOING_AWAY, "no pong");
    private static final CloseReason FAILED = new CloseReason(CloseCodes.GOING_AWAY, "write failed");
    /**
     * How long a connection on which a write or ping failed waits for its close event before the client decides
     * without it. The close usually follows within milliseconds, and may carry the server's final close code.
     */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    /** Room Tyrus needs beside the largest reply: the frame header and what arrives behind it in one read. */
    private static final int READ_BUFFER_SLACK = 4 * 1024 * 1024 + 11;

    private final ClientSettings settings;
    private final ClientListener listener;
    private final ClientCounters counters;
    private final PendingRequests pending;
    private final ClientContainer container;
    private final boolean ownsContainer;
    private final ClientThreads threads = new ClientThreads();
    /** What a shared container calls when it closes under this client; one instance, to join and leave by. */
    private final Runnable onContainerClose = this::containerClosed;
    private final ClientThread thread = new ClientThread(threads.named("ws-commands-client"));
    private final RequestDispatcher requests;
    private final ExecutorService connector;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile String stoppedBecause;
    /** The newest connection, open or opening: the one {@link #close()} must close. */
    private volatile Connection latest;

    // Used on the client's thread only.
    private Connection current;
    private Backoff backoff;
    private int attempts;
    private int opened;
    private int failedAttempts;
    /** Why the latest connection attempt failed or the latest connection was lost; null while none was. */
    private String lastFailure;

    ConnectionSupervisor(ClientSettings settings, ClientListener listener, ClientCounters counters,
                         PendingRequests pending, LongSupplier nextRequestId) {
        this.settings = settings;
        this.listener = new GuardedListener(listener);
        this.counters = counters;
        this.pending = pending;
        this.backoff = settings.reconnect();
        this.ownsContainer = settings.container().isEmpty();
        this.container = settings.container().orElseGet(() -> ClientContainer.create(settings.connectTimeout()));
        if (!ownsContainer && !container.join(onContainerClose)) {
            throw new IllegalStateException("the shared ClientContainer is closed");
        }
        this.requests = new RequestDispatcher(settings, counters, pending, thread, this, nextRequestId);
        this.connector = Executors.newSingleThreadExecutor(threads.named("ws-commands-client-connect"));
    }

    void start() {
        thread.post(this::openConnection);
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
        requests.submit(request);
    }

    CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** See {@link CommandClient#cancelAll()}; any thread. */
    CompletableFuture<Void> cancelAll() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!thread.post(() -> requests.cancelAll().whenComplete((ignored, failure) -> done.complete(null)))) {
            done.complete(null);
        }
        return done;
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
        boolean onClientThread = thread.isCurrent();
        Runnable closing = () -> {
            // Cancels the application asked for just before close() go out ahead of the close frame.
            requests.flushCancels();
            Connection last = latest;
            if (last != null) {
                last.close(CLIENT_CLOSED);
            }
            requests.failAll(new IllegalStateException("client closed before the reply came"));
        };
        if (onClientThread || !thread.post(closing)) {
            closing.run();
        }
        thread.shutdown();
        Connection opening = latest;
        Runnable abort = opening == null ? null : opening.abortHandshake;
        if (abort != null && opening.session == null) {
            // An interrupted handshake returns, but leaves its transport running until the handshake timeout.
            abort.run();
        }
        connector.shutdownNow();
        if (!onClientThread) {
            // The connector ends at once: an interrupted handshake gives up.
            Duration wait = settings.connectTimeout().plusSeconds(1);
            thread.awaitTermination(wait);
            awaitTermination(connector, wait);
        }
        Connection last = latest;
        if (last != null) {
            last.close(CLIENT_CLOSED);
            // Closing a session still uses the container's executors: stop them once it is done.
            last.closed.completeOnTimeout(null, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS).join();
        }
        // A request that raced close() past the client's thread.
        requests.failAll(new IllegalStateException("client closed before the reply came"));
        if (ownsContainer) {
            container.close();
        } else {
            container.leave(onContainerClose);
        }
        // What the connections started (the transport's selector and workers) ends a moment after them. A shared
        // container's own executors are the container's, which only its close() stops.
        threads.awaitEnd(settings.connectTimeout().plusSeconds(1),
                ownsContainer ? thread -> false : thread -> thread.getName().startsWith("tyrus-"),
                ownsContainer ? container::close : () -> { });
        terminated.complete(null);
        LOG.fine("client closed");
    }

    /** The shared container this client connects through was closed under it: any thread. */
    private void containerClosed() {
        thread.post(() -> {
            if (closed || stoppedBecause != null) {
                return;
            }
            Connection last = latest;
            current = null;
            requests.disconnected();
            stop("its shared ClientContainer was closed");
            if (last != null) {
                last.close(CLIENT_CLOSED);
            }
        });
    }

    private static void awaitTermination(ExecutorService executor, Duration timeout) {
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("the client's connecting thread did not end in time");
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
                settings.tls(), endings(connection), abort -> connection.abortHandshake = abort);
        int readBuffer = (int) (settings.maxReplySize() + READ_BUFFER_SLACK);
        connector.execute(() -> {
            try {
                // Asked here, on every attempt and off the client's thread: the application may refresh it.
                String token = settings.bearerToken().isPresent() ? bearerToken() : null;
                CompletableFuture<String> challenge = new CompletableFuture<>();
                try {
                    container.manager().connectToServer(endpoint,
                            CommandClientEndpoint.config(options, readBuffer, token, challenge, settings.clientId()),
                            settings.endpoint());
                } catch (IOException | RuntimeException | jakarta.websocket.DeploymentException e) {
                    if (Failures.unauthorized(e)) {
                        // Tyrus hands over the answer's headers after it reports the failure, on its own thread.
                        challenge.completeOnTimeout(null, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                                .thenAccept(found -> thread.post(() -> tokenRefused(connection, token != null,
                                        Failures.tokenRefusal(found))));
                        return;
                    }
                    throw e;
                }
            } catch (IOException | RuntimeException | jakarta.websocket.DeploymentException e) {
                thread.post(() -> connectFailed(connection, e));
            }
        });
    }

    private String bearerToken() throws IOException {
        String token;
        try {
            token = settings.bearerToken().orElseThrow().get();
        } catch (RuntimeException e) {
            throw new IOException("the bearer token supplier failed: " + e, e);
        }
        if (token == null || token.isBlank()) {
            throw new IOException("the bearer token supplier gave no token");
        }
        return token.strip();
    }

    private void opened(Connection connection) {
        if (closed) {
            connection.close(CLIENT_CLOSED);
            return;
        }
        current = connection;
        connection.openedAt = System.nanoTime();
        opened++;
        int resend = requests.connected(connection);
        if (opened == 1) {
            LOG.info(() -> "connected to " + settings.endpoint());
        } else {
            counters.reconnects.increment();
            LOG.info(() -> "reconnected to " + settings.endpoint() + " after " + failedAttempts + " failed attempts; "
                    + "resending " + resend + " unanswered requests");
        }
        failedAttempts = 0;
        connection.pings = thread.every(() -> pingTick(connection), settings.pingInterval());
        listener.connected(opened);
        requests.flush();
    }

    private void pingTick(Connection connection) {
        if (connection != current || !connection.writable()) {
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
            thread.schedule(() -> {
                if (connection == current && connection.heartbeat.awaitingPong(ping) && !connection.heard) {
                    dead(connection);
                }
            }, settings.pongTimeout());
        }
    }

    private void dead(Connection connection) {
        Duration waited = settings.pongTimeout().compareTo(settings.pingInterval()) < 0
                ? settings.pongTimeout() : settings.pingInterval();
        dead(connection, "no pong within " + Failures.format(waited) + " (ping interval "
                + Failures.format(settings.pingInterval()) + ", " + connection.heartbeat.succeeded()
                + " pings had succeeded)");
    }

    /** The peer is silent: nothing more will come from it, so the client decides now. */
    private void dead(Connection connection, String why) {
        if (connection != current || connection.ended) {
            return;
        }
        if (connection.failure == null) {
            connection.failure = why;
        }
        ended(connection, null);
        connection.close(NO_PONG);
    }

    /**
     * Writing to {@code connection} failed: it cannot be trusted any more. Whether it ended for good is decided
     * once its close event came (or {@link #CLOSE_GRACE} passed), as a failing write is often the first sign of
     * a final close the server or the client itself has begun.
     */
    @Override
    public void broken(Connection connection, String why) {
        if (connection != current || connection.ended || connection.failure != null || closed) {
            return;
        }
        connection.failure = why;
        LOG.fine(() -> "connection " + connection.number + " failed (" + why + "); waiting for its close");
        connection.close(FAILED);
        try {
            thread.schedule(() -> ended(connection, null), CLOSE_GRACE);
        } catch (RejectedExecutionException e) {
            // The client is closing: nothing is left to decide.
        }
    }

    @Override
    public String whyNotSent() {
        return lastFailure != null ? lastFailure : "the first connection attempt was still under way (it may take "
                + Failures.format(container.handshakeTimeout()) + ")";
    }

    @Override
    public String stoppedBecause() {
        return stoppedBecause;
    }

    /** Hears from a connection's frame guard what ends it, on a container thread, before Tyrus does. */
    private ReplyFrameGuard.Endings endings(Connection connection) {
        return new ReplyFrameGuard.Endings() {
            @Override
            public void refused(CloseReason reason, long announced) {
                ConnectionSupervisor.this.refused(connection, reason, announced);
            }

            @Override
            public void serverClosing(CloseReason reason) {
                connection.serverClose = reason;
            }
        };
    }

    /** The client refused what the server sent, and closes the connection; on a container thread. */
    private void refused(Connection connection, CloseReason reason, long announced) {
        int code = reason.getCloseCode().getCode();
        String what = code == CloseCodes.TOO_BIG.getCode()
                ? "a reply was larger than " + settings.maxReplySize() + " bytes"
                : "the server sent a binary message, which the protocol does not have";
        Connection.Refusal refusal = new Connection.Refusal(code, "closed by the client with " + code + ": " + what
                + " (" + Long.toUnsignedString(announced) + " bytes announced)");
        connection.refusal = refusal;
        // The reply is not read, so it cannot be matched: it counts with the unreadable ones.
        counters.unmatched.increment();
        LOG.warning(() -> "connection " + connection.number + " " + refusal.why());
    }

    /**
     * {@code connection} ended: closed ({@code reported} is what the container says), or given up on. The one
     * place that decides, once per connection, whether the client reconnects.
     */
    private void ended(Connection connection, CloseReason reported) {
        if (connection != current || connection.ended) {
            return;
        }
        connection.ended = true;
        ReconnectPolicy.Verdict verdict = ReconnectPolicy.afterEnd(connection.refusal, connection.serverClose,
                connection.failure, reported);
        lost(connection, verdict.why(), verdict.reconnect());
    }

    /** Forgets {@code connection}, the open one, and reconnects later or stops. */
    private void lost(Connection connection, String why, boolean reconnect) {
        if (closed) {
            return;
        }
        current = null;
        requests.disconnected();
        connection.pings.cancel(false);
        lastFailure = "the connection was " + why;
        listener.disconnected(why);
        if (!reconnect) {
            stop("the connection was " + why + "; retrying cannot help");
            return;
        }
        if (System.nanoTime() - connection.openedAt >= settings.healthyAfter().toNanos()) {
            backoff = backoff.reset();
        }
        retryLater("connection lost: " + why + "; " + pending.size() + " requests unanswered");
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
        thread.schedule(this::openConnection, delay);
    }

    /** A 401: the server will refuse this token again, and the supplier's next one is the application's to give. */
    private void tokenRefused(Connection connection, boolean sentToken, String refusal) {
        if (closed || stoppedBecause != null) {
            return;
        }
        connection.close(CLIENT_CLOSED);
        stop(sentToken ? "the server refused the token: " + refusal + "; retrying cannot help"
                : "the server requires a bearer token (HTTP 401); retrying without one cannot help");
    }

    private void stop(String why) {
        stoppedBecause = why;
        LOG.severe(() -> "giving up: " + why);
        requests.failAll(new IllegalStateException("client gave up: " + why));
        // Terminated before the listener hears of it, so a listener may rely on terminated() being done.
        terminated.completeExceptionally(new IllegalStateException(why));
        listener.stopped(why);
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
            if (!thread.post(() -> ConnectionSupervisor.this.opened(connection))) {
                connection.close(CLIENT_CLOSED);
            }
        }

        @Override
        public void replied(Message reply) {
            thread.post(() -> requests.replied(connection, reply));
        }

        @Override
        public void ponged(long ping) {
            thread.post(() -> {
                connection.heard = true;
                if (connection == current) {
                    connection.heartbeat.pong(ping);
                }
            });
        }

        @Override
        public void unreadable(String why) {
            counters.unmatched.increment();
            thread.post(() -> {
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
            thread.post(() -> ended(connection, reason));
        }
    }
}
