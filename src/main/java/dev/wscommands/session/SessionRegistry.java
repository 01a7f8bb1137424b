package dev.wscommands.session;

import dev.wscommands.commands.CommandDispatcher;
import dev.wscommands.operations.DaemonThreads;
import dev.wscommands.operations.Refusal;
import dev.wscommands.operations.ServerMetrics;
import dev.wscommands.settings.ServerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every open session of one server: admits new ones within the connection limits, runs the one timer that
 * pings sessions and enforces their time limits, and drains them on shutdown. Thread-safe.
 */
public final class SessionRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());
    /** The timer never runs more often than this, whatever the settings. */
    private static final long MIN_TICK_MILLIS = 10;

    private final ServerSettings settings;
    private final CommandDispatcher dispatcher;
    private final ServerMetrics metrics;
    private final LongSupplier nanoClock;
    private final Set<CommandSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perAddress = new HashMap<>();
    /** How long {@link #close()} waits for the registry's own threads to end. */
    private static final Duration THREADS_END = Duration.ofSeconds(5);
    private final DaemonThreads timerThreads = DaemonThreads.named("ws-commands-session-timer");
    private final DaemonThreads pingerThreads = DaemonThreads.named("ws-commands-ping");
    private final ScheduledThreadPoolExecutor timer;
    private final ReplyMemory replyMemory;
    /** Sends the pings the timer decides on: a container's ping that blocks holds up only this thread. */
    private final ExecutorService pinger;
    /** The close at its token's expiry, of each session whose authentication ends. */
    private final Map<CommandSession, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
    private int open;
    private volatile boolean draining;
    private final CompletableFuture<Void> allClosed = new CompletableFuture<>();

    public SessionRegistry(ServerSettings settings, CommandDispatcher dispatcher, ServerMetrics metrics) {
        this(settings, dispatcher, metrics, System::nanoTime);
    }

    /** A registry whose time limits are measured on {@code nanoClock}: tests set the time. */
    SessionRegistry(ServerSettings settings, CommandDispatcher dispatcher, ServerMetrics metrics,
            LongSupplier nanoClock) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.replyMemory = new ReplyMemory(settings);
        this.pinger = Executors.newSingleThreadExecutor(pingerThreads);
        this.timer = new ScheduledThreadPoolExecutor(1, timerThreads);
        // An expiry an hour ahead is cancelled when its session closes first: it must not stay queued until then.
        timer.setRemoveOnCancelPolicy(true);
        long tick = tickMillis(settings);
        timer.scheduleWithFixedDelay(new PeriodicTask("the session check", this::checkAll, LOG), tick, tick,
                TimeUnit.MILLISECONDS);
    }

    /** Sessions open now. */
    public int openSessions() {
        synchronized (perAddress) {
            return open;
        }
    }

    /** The bytes of replies waiting to be written, which every session's peer takes from and gives back. */
    public ReplyMemory replyMemory() {
        return replyMemory;
    }

    /** Whether the server is shutting down and refuses new sessions. */
    public boolean draining() {
        return draining;
    }

    /**
     * Admits a new session, or closes it at once (1013 past a connection limit, 1001 during shutdown).
     *
     * @return the session, or {@code null} when it was refused
     */
    public CommandSession open(Peer peer) {
        Refusal refusal = admit(peer.address());
        if (refusal != null) {
            int code = refusal == Refusal.DRAINING ? CloseCodes.GOING_AWAY : CloseCodes.TRY_AGAIN_LATER;
            metrics.refused(refusal);
            LOG.info(() -> "session " + peer.id() + " from " + peer.address() + " refused with " + code + ": "
                    + refusal.message());
            peer.close(code, refusal.message());
            return null;
        }
        CommandSession session = new CommandSession(peer, settings, dispatcher, metrics, nanoClock, pinger,
                this::later);
        boolean drained;
        synchronized (perAddress) {
            // Admitted before the drain began, but not yet among the sessions its snapshot takes: it is drained
            // with them (closed with 1001), not skipped and dropped when the server stops.
            drained = draining;
            sessions.add(session);
        }
        if (drained) {
            session.drain();
            session.close(CloseCodes.GOING_AWAY, "server shutting down");
        }
        peer.authenticationEnds().ifPresent(at -> expireAt(session, at));
        metrics.sessionOpened();
        LOG.info(() -> "session " + peer.id() + " opened from " + peer.address());
        return session;
    }

    /**
     * Forgets a session that has closed with {@code code} and {@code reason}, and logs its one closing line; a
     * no-op for one that was never admitted.
     */
    public void closed(CommandSession session, int code, String reason) {
        if (session == null || !sessions.remove(session)) {
            return;
        }
        ScheduledFuture<?> expiry = expiries.remove(session);
        if (expiry != null) {
            expiry.cancel(false);
        }
        dispatcher.closed(session.commands());
        session.peer().closed();
        synchronized (perAddress) {
            open--;
            String address = session.peer().address();
            if (address != null) {
                perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
            }
        }
        metrics.sessionClosed(code);
        LOG.info(() -> "session " + session.peer().id() + " from " + session.peer().address() + " closed with "
                + code + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")") + " after "
                + session.requests() + " requests, " + (nanoClock.getAsLong() - session.openedAt()) / 1_000_000 + " ms");
        if (draining && sessions.isEmpty()) {
            allClosed.complete(null);
        }
    }

    /**
     * After {@link #close()}, waits until every session's close has completed (the clients answered the close
     * frame, or their connections dropped), at most {@code timeout}.
     *
     * @return whether every session closed in time
     */
    public boolean awaitClosed(Duration timeout) {
        try {
            allClosed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Graceful shutdown: refuses new sessions and answers new requests with an error, waits up to the shutdown
     * timeout for the commands in flight and for their replies to be written, then closes every session with
     * 1001.
     */
    @Override
    public void close() {
        List<CommandSession> open;
        synchronized (perAddress) {
            draining = true;
            open = List.copyOf(sessions);
        }
        open.forEach(CommandSession::drain);
        CompletableFuture<?>[] done = open.stream()
                .map(s -> s.commands().idle().thenCompose(idle -> s.peer().flushed()))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(done).get(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warning(() -> "shutdown: commands or replies still in flight after "
                    + settings.shutdownTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (CommandSession session : open) {
            session.close(CloseCodes.GOING_AWAY, "server shutting down");
        }
        if (sessions.isEmpty()) {
            allClosed.complete(null);
        }
        timer.shutdownNow();
        pinger.shutdownNow();
        try {
            // The threads end before the server counts as stopped: a container that looks for threads its web
            // application left behind (Tomcat) finds none.
            timerThreads.awaitEnd(THREADS_END);
            pingerThreads.awaitEnd(THREADS_END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes {@code session} with 1008 {@code authentication expired} at {@code at}, on the wall clock. */
    private void expireAt(CommandSession session, Instant at) {
        long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
        try {
            expiries.put(session, timer.schedule(() -> {
                LOG.info(() -> "session " + session.peer().id() + " from " + session.peer().address()
                        + ": authentication expired");
                session.close(CloseCodes.POLICY_VIOLATION, CloseCodes.AUTHENTICATION_EXPIRED);
            }, delay, TimeUnit.MILLISECONDS));
            if (!sessions.contains(session)) {
                // It closed meanwhile, before its expiry was there to cancel.
                ScheduledFuture<?> late = expiries.remove(session);
                if (late != null) {
                    late.cancel(false);
                }
            }
        } catch (RejectedExecutionException e) {
            // Shutting down: the drain closes the session anyway.
            session.close(CloseCodes.GOING_AWAY, "server shutting down");
        }
    }

    /** Runs {@code task} on the timer after {@code delay}; not at all once the timer has stopped (shutdown). */
    private void later(Runnable task, Duration delay) {
        try {
            timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopped: the container closes what is left.
        }
    }

    private Refusal admit(String address) {
        synchronized (perAddress) {
            if (draining) {
                return Refusal.DRAINING;
            }
            if (open >= settings.maxConnections()) {
                return Refusal.MAX_CONNECTIONS;
            }
            if (address != null && perAddress.getOrDefault(address, 0) >= settings.maxConnectionsPerAddress()) {
                return Refusal.MAX_CONNECTIONS_PER_ADDRESS;
            }
            open++;
            if (address != null) {
                perAddress.merge(address, 1, Integer::sum);
            }
            return null;
        }
    }

    private void checkAll() {
        long now = nanoClock.getAsLong();
        for (CommandSession session : sessions) {
            try {
                session.check(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session " + session.peer().id() + " check failed", e);
            }
        }
    }

    private static long tickMillis(ServerSettings settings) {
        long tick = settings.sendTimeout().toMillis();
        for (Duration d : List.of(settings.pingInterval(), settings.idleTimeout())) {
            if (!d.isZero()) {
                tick = Math.min(tick, d.toMillis());
            }
        }
        // A quarter of the shortest limit: a limit is enforced at most a quarter late.
        return Math.max(MIN_TICK_MILLIS, tick / 4);
    }
}
