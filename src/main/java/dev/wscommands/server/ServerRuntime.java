package dev.wscommands.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every session of one running server shares: its settings, its command dispatcher, its session
 * registry, its origin policy and its metrics.
 *
 * <p>Annotated endpoints are instantiated by the WebSocket container, which passes them nothing of the
 * application; so the application that hosts the endpoint (the standalone server, or the WAR's
 * {@link WebAppLifecycle}) installs its runtime here, and each new endpoint picks it up. One runtime is
 * installed per class loader: one per JVM for the standalone server, one per web application in a container.
 */
public final class ServerRuntime implements AutoCloseable {

    private static final AtomicReference<ServerRuntime> INSTALLED = new AtomicReference<>();

    private final ServerSettings settings;
    private final CommandDispatcher dispatcher;
    private final SessionRegistry sessions;
    private final OriginPolicy origins;
    private final ServerMetrics metrics;
    private final long startedAt = System.nanoTime();

    public ServerRuntime(ServerSettings settings, CommandDispatcher dispatcher) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.metrics = new ServerMetrics(dispatcher.commands());
        this.sessions = new SessionRegistry(settings, dispatcher, metrics);
        this.metrics.watch(sessions);
        this.origins = new OriginPolicy(settings.allowedOrigins());
    }

    public ServerSettings settings() {
        return settings;
    }

    public CommandDispatcher dispatcher() {
        return dispatcher;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public OriginPolicy origins() {
        return origins;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** The answer to {@code GET /health} now. */
    public HealthReport health() {
        return new HealthReport(sessions.draining(), sessions.openSessions(), settings.maxConnections(),
                Duration.ofNanos(System.nanoTime() - startedAt));
    }

    /** Graceful shutdown of every session; see {@link SessionRegistry#close()}. */
    @Override
    public void close() {
        sessions.close();
        metrics.close();
    }

    /**
     * Makes {@code runtime} the one that new sessions use.
     *
     * @throws IllegalStateException when another runtime is installed: one class loader hosts one server
     */
    public static void install(ServerRuntime runtime) {
        if (!INSTALLED.compareAndSet(null, runtime)) {
            throw new IllegalStateException("a ws-commands server is already running in this class loader");
        }
    }

    /** Removes {@code runtime} if it is the installed one. */
    public static void uninstall(ServerRuntime runtime) {
        INSTALLED.compareAndSet(runtime, null);
    }

    /**
     * The installed runtime.
     *
     * @throws IllegalStateException when none is: the host application did not start the service
     */
    static ServerRuntime current() {
        ServerRuntime runtime = INSTALLED.get();
        if (runtime == null) {
            throw new IllegalStateException("ws-commands is not started");
        }
        return runtime;
    }
}
