package dev.wscommands.client;

import dev.wscommands.protocol.Message;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.core.HandshakeException;

/**
 * A connection to the command server that stays up and answers every request at least once. Requests get
 * increasing {@code RequestID}s and their replies are matched by them. A WebSocket ping every ping interval
 * notices a dead connection; a lost connection is reopened with exponential backoff; every request unanswered
 * when a connection dies is sent again, with its {@code RequestID}, on the next one.
 *
 * <pre>{@code
 * try (CommandClient client = CommandClient.connect(ClientSettings.defaults(uri))) {
 *     Message reply = client.send("Eject the hot dog.").get();
 * }
 * }</pre>
 *
 * <p>Safe for many threads at once. Each client has one WebSocket container and two threads of its own, all
 * released by {@link #close()}. Futures complete on the client's threads: use the {@code ...Async} methods of
 * {@link CompletableFuture} for work that may block.
 */
public final class CommandClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CommandClient.class.getName());
    private static final CloseReason CLIENT_CLOSED = new CloseReason(CloseCodes.NORMAL_CLOSURE, "client closed");
    private static final CloseReason NO_PONG = new CloseReason(CloseCodes.GOING_AWAY, "no pong");
    /**
     * Most requests written to one connection and not yet answered. A server reads what arrives into a buffer
     * of its own limited size (Tyrus closes with 1011 when a burst overflows it), so the client keeps its
     * requests on the wire to a few dozen KiB.
     */
    static final int IN_FLIGHT_WINDOW = 256;

    private final ClientSettings settings;
    private final ClientListener listener;
    private final ClientManager container;
    /** The client's thread: every connection's state changes here, so none of it needs locks. */
    private final ScheduledThreadPoolExecutor clientThread;
    /** Runs the blocking handshakes, so that the client's thread keeps serving deadlines meanwhile. */
    private final ExecutorService connector;
    private final PendingRequests pending;
    /** Requests not yet handed to the client's thread; all of them are also in {@link #pending}. */
    private final Queue<PendingRequest> fresh = new ConcurrentLinkedQueue<>();
    private final AtomicLong lastRequestId = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();
    private volatile Thread clientThreadItself;
    private volatile String stoppedBecause;
    /** The client's meters, when a registry was given. */
    private volatile ClientMetrics metrics;
    /** The newest connection, open or opening: the one {@link #close()} must close. */
    private volatile Connection latest;

    // Used on the client's thread only.
    private Connection current;
    private Backoff backoff;
    private int attempts;
    private int opened;
    private int failedAttempts;

    private CommandClient(ClientSettings settings, ClientListener listener) {
        this.settings = settings;
        this.listener = listener;
        this.backoff = settings.reconnect();
        this.pending = new PendingRequests(settings.maxPending());
        this.container = ClientManager.createClient();
        container.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, (int) settings.connectTimeout().toMillis());
        // Without it, Tyrus uses the JVM's default trust for wss:// (and checks the host name either way).
        settings.tls().ifPresent(context -> container.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR,
                new SslEngineConfigurator(context)));
        this.clientThread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ws-commands-client");
            thread.setDaemon(true);
            clientThreadItself = thread;
            return thread;
        });
        // Cancelled deadlines of answered requests would otherwise stay queued until due.
        clientThread.setRemoveOnCancelPolicy(true);
        this.connector = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ws-commands-client-connect");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a client that connects to {@code settings.endpoint()} now, and again whenever the connection is lost. */
    public static CommandClient connect(ClientSettings settings) {
        return connect(settings, new ClientListener() { });
    }

    /** Like {@link #connect(ClientSettings)}, telling {@code listener} how the connection comes and goes. */
    public static CommandClient connect(ClientSettings settings, ClientListener listener) {
        CommandClient client = new CommandClient(settings, listener);
        client.clientThread.execute(client::openConnection);
        return client;
    }

    /**
     * Like {@link #connect(ClientSettings, ClientListener)}, and shows the client's {@link #stats()} and
     * {@link #pending()} in {@code registry} until it closes: counters {@code ws.commands.client.sent},
     * {@code .answered}, {@code .resent}, {@code .failed}, {@code .reconnects}, {@code .unmatched} and the gauge
     * {@code ws.commands.client.pending}, tagged {@code server=host:port}.
     *
     * @throws IllegalArgumentException when {@code registry} already shows an open client of the same server
     */
    public static CommandClient connect(ClientSettings settings, ClientListener listener, MeterRegistry registry) {
        CommandClient client = new CommandClient(settings, listener);
        try {
            client.metrics = ClientMetrics.register(client, settings.endpoint(), registry);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        client.clientThread.execute(client::openConnection);
        return client;
    }

    /**
     * Sends {@code command} as soon as a connection is open. The future completes with the reply, whatever its
     * {@code Success}; it fails with {@link TimeoutException} when no reply came within the request timeout,
     * with {@link RejectedExecutionException} at once when {@code maxPending} requests are already unanswered,
     * and with {@link IllegalStateException} when the client is closed or gave up.
     */
    public CompletableFuture<Message> send(String command) {
        Objects.requireNonNull(command, "command");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
        }
        String stopped = stoppedBecause;
        if (stopped != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("client gave up: " + stopped));
        }
        PendingRequest request = pending.add(Message.request(lastRequestId.incrementAndGet(), command));
        if (request == null) {
            failed.incrementAndGet();
            return CompletableFuture.failedFuture(new RejectedExecutionException(
                    settings.maxPending() + " requests are already waiting for replies"));
        }
        try {
            request.deadline(clientThread.schedule(() -> expire(request),
                    settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS));
            fresh.add(request);
            clientThread.execute(this::flush);
        } catch (RejectedExecutionException e) {
            fail(request, new IllegalStateException("client is closed"));
        }
        return request.reply;
    }

    /** Requests sent or waiting to be sent, and not yet answered. */
    public int pending() {
        return pending.size();
    }

    /** What the client did so far. */
    public ClientStats stats() {
        return new ClientStats(sent.get(), answered.get(), resent.get(), failed.get(), reconnects.get(),
                unmatched.get());
    }

    /**
     * Completes when the client ends: normally after {@link #close()}, exceptionally (with the reason) when it gave
     * up because retrying cannot help.
     */
    public CompletableFuture<Void> terminated() {
        return terminated.copy();
    }

    /**
     * Closes the connection with 1000 and never reconnects; requests still pending fail. Returns when the
     * client's threads have ended (unless called on one of them). Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        clientThread.shutdownNow();
        connector.shutdownNow();
        if (Thread.currentThread() != clientThreadItself) {
            awaitTermination(clientThread);
            awaitTermination(connector);
        }
        Connection last = latest;
        if (last != null) {
            last.close(CLIENT_CLOSED);
            // Closing a session still uses the container's executors: shut them down once it is done.
            last.closed.completeOnTimeout(null, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS).join();
        }
        failAll(new IllegalStateException("client closed before the reply came"));
        container.shutdown();
        ClientMetrics shown = metrics;
        if (shown != null) {
            shown.remove();
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
        if (closed.get() || stoppedBecause != null) {
            return;
        }
        Connection connection = new Connection(++attempts);
        latest = connection;
        connector.execute(() -> {
            try {
                container.connectToServer(connection.endpoint, settings.endpoint());
            } catch (IOException | RuntimeException | jakarta.websocket.DeploymentException e) {
                post(() -> connectFailed(connection, e));
            }
        });
    }

    private void opened(Connection connection) {
        if (closed.get()) {
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
            reconnects.incrementAndGet();
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
            // Pending holds them all; the next connection sends them.
            fresh.clear();
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
        connection.inFlight.add(next.id());
        (next.sentOn == 0 ? sent : resent).incrementAndGet();
        next.sentOn = connection.number;
        connection.writing = true;
        try {
            connection.session.getAsyncRemote().sendObject(next.request,
                    result -> post(() -> written(connection, result)));
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

    private void pingTick(Connection connection) {
        if (connection != current) {
            return;
        }
        Heartbeat.Tick tick = connection.heartbeat.tick(connection.heard.getAndSet(false));
        if (tick == Heartbeat.Tick.DEAD) {
            dead(connection);
        }
        if (tick != Heartbeat.Tick.PING) {
            return;
        }
        long ping = connection.heartbeat.lastPing();
        try {
            connection.session.getAsyncRemote().sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, ping));
        } catch (IOException | RuntimeException e) {
            broken(connection, "cannot ping: " + e);
            return;
        }
        if (settings.pongTimeout().compareTo(settings.pingInterval()) < 0) {
            clientThread.schedule(() -> {
                if (connection == current && connection.heartbeat.awaitingPong(ping) && !connection.heard.get()) {
                    dead(connection);
                }
            }, settings.pongTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void dead(Connection connection) {
        Duration waited = settings.pongTimeout().compareTo(settings.pingInterval()) < 0
                ? settings.pongTimeout() : settings.pingInterval();
        broken(connection, "no pong within " + format(waited) + " (ping interval " + format(settings.pingInterval())
                + ", " + connection.heartbeat.succeeded() + " pings had succeeded)");
    }

    /** The connection cannot be trusted any more: drop it and open another. */
    private void broken(Connection connection, String why) {
        if (lost(connection, why, true)) {
            connection.close(NO_PONG);
        }
    }

    private void closedByServer(Connection connection, CloseReason reason) {
        int code = reason.getCloseCode().getCode();
        String phrase = reason.getReasonPhrase();
        String why = "closed with " + code + (phrase == null || phrase.isEmpty() ? "" : " (" + phrase + ")");
        lost(connection, why, ReconnectPolicy.afterClose(code));
    }

    /** Forgets {@code connection} if it is the open one and decides what comes next; false if it was not. */
    private boolean lost(Connection connection, String why, boolean reconnect) {
        if (connection != current || closed.get()) {
            return false;
        }
        current = null;
        connection.pings.cancel(false);
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
        if (closed.get() || stoppedBecause != null) {
            return;
        }
        connection.close(CLIENT_CLOSED);
        int status = handshakeStatus(failure);
        if (status != 0 && !ReconnectPolicy.afterHandshakeStatus(status)) {
            stop("the server refused the handshake with HTTP " + status + "; retrying cannot help");
            return;
        }
        CertificateException untrusted = ReconnectPolicy.certificateFailure(failure);
        if (untrusted != null) {
            stop("the TLS handshake with " + settings.endpoint().getAuthority() + " failed: " + rootCause(untrusted)
                    + "; retrying cannot help (is the certificate in the trust store, and does it name this host?)");
            return;
        }
        failedAttempts++;
        LOG.log(Level.FINE, "connection attempt failed", failure);
        retryLater("cannot connect to " + settings.endpoint() + ": " + rootCause(failure));
    }

    private void retryLater(String why) {
        Duration delay = backoff.delay(ThreadLocalRandom.current().nextDouble());
        int attempt = backoff.attempt() + 1;
        backoff = backoff.next();
        LOG.info(() -> why + "; retrying in " + format(delay) + " (attempt " + attempt + ")");
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
        fail(request, new TimeoutException("no reply to RequestID " + request.id() + " within "
                + format(settings.requestTimeout())));
    }

    // Any thread.

    private void replied(Message reply) {
        PendingRequest request = pending.remove(reply.requestId());
        if (request == null) {
            unmatched.incrementAndGet();
            LOG.info(() -> "reply to RequestID " + reply.requestId()
                    + " matches no pending request (answered before, or timed out); ignored");
            return;
        }
        answered.incrementAndGet();
        if (!reply.success()) {
            failed.incrementAndGet();
        }
        request.answer(reply);
    }

    private void fail(PendingRequest request, Exception failure) {
        if (pending.remove(request)) {
            failed.incrementAndGet();
            request.reply.completeExceptionally(failure);
        }
    }

    private void failAll(Exception failure) {
        for (PendingRequest request : pending.removeAll()) {
            failed.incrementAndGet();
            request.reply.completeExceptionally(failure);
        }
    }

    /** Runs {@code task} on the client's thread; false when the client is closed. */
    private boolean post(Runnable task) {
        try {
            clientThread.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static int handshakeStatus(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HandshakeException handshake) {
                return handshake.getHttpStatusCode();
            }
        }
        return 0;
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1_000 ? millis + " ms" : String.format("%.1f s", millis / 1000.0);
    }

    /** One connection, from the attempt to open it until it is lost. */
    private final class Connection {

        final int number;
        final CommandClientEndpoint endpoint;
        final Heartbeat heartbeat = new Heartbeat();
        /** Unanswered requests to send first on this connection; client's thread only, like the fields below. */
        final ArrayDeque<PendingRequest> outbox = new ArrayDeque<>();
        /** Whether anything arrived since the last ping tick; set by the container's threads. */
        final AtomicBoolean heard = new AtomicBoolean();
        /** Requests written here and not yet answered, by RequestID. */
        final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
        /** Completes when the container reports the connection closed. */
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile Session session;
        boolean writing;
        long openedAt;
        ScheduledFuture<?> pings;

        Connection(int number) {
            this.number = number;
            this.endpoint = new CommandClientEndpoint(new CommandClientEndpoint.Events() {
                @Override
                public void opened(Session session) {
                    Connection.this.session = session;
                    if (!post(() -> CommandClient.this.opened(Connection.this))) {
                        Connection.this.close(CLIENT_CLOSED);
                    }
                }

                @Override
                public void replied(Message reply) {
                    heard.set(true);
                    if (inFlight.remove(reply.requestId()) && inFlight.size() == IN_FLIGHT_WINDOW - 1) {
                        post(CommandClient.this::flush);
                    }
                    CommandClient.this.replied(reply);
                }

                @Override
                public void ponged(long ping) {
                    heard.set(true);
                    post(() -> {
                        if (Connection.this == current) {
                            heartbeat.pong(ping);
                        }
                    });
                }

                @Override
                public void unreadable(String why) {
                    heard.set(true);
                    unmatched.incrementAndGet();
                    LOG.warning(() -> "unreadable reply ignored: " + why);
                }

                @Override
                public void closed(CloseReason reason) {
                    Connection.this.closed.complete(null);
                    post(() -> closedByServer(Connection.this, reason));
                }
            });
        }

        /** Closes the session if it opened; any thread. */
        void close(CloseReason reason) {
            Session open = session;
            if (open == null || !open.isOpen()) {
                closed.complete(null);
                return;
            }
            try {
                open.close(reason);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "session " + open.getId() + " did not close cleanly", e);
            }
        }
    }
}
