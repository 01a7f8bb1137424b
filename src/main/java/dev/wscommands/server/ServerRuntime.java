package dev.wscommands.server;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What every session of one running server shares: its settings, its command dispatcher, its session
 * registry and its origin policy.
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

    public ServerRuntime(ServerSettings settings, CommandDispatcher dispatcher) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.sessions = new SessionRegistry(settings, dispatcher);
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

    /** Graceful shutdown of every session; see {@link SessionRegistry#close()}. */
    @Override
    public void close() {
        sessions.close();
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
