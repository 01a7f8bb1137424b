package dev.wscommands.websocket;

import dev.wscommands.server.ServerRuntime;

/**
 * The runtime of the server whose handshake the current thread is running, for containers that create the
 * endpoint, or run its handshake, through a configurator of their own making (Tyrus: the standalone server,
 * GlassFish, Payara) instead of the one {@link CommandEndpointConfigurator#endpointConfig} registered. The
 * host's handshake interceptor (the standalone server's engine, the WAR's handshake filter) binds its runtime
 * around the upgrade; nothing is held outside that call.
 *
 * <pre>{@code
 * try (HandshakeScope scope = HandshakeScope.bind(runtime)) {
 *     chain.doFilter(request, response);
 * }
 * }</pre>
 */
public final class HandshakeScope implements AutoCloseable {

    private static final ThreadLocal<ServerRuntime> CURRENT = new ThreadLocal<>();

    private final ServerRuntime outer;

    private HandshakeScope(ServerRuntime outer) {
        this.outer = outer;
    }

    /** Binds {@code runtime} to this thread until {@link #close()}. */
    public static HandshakeScope bind(ServerRuntime runtime) {
        HandshakeScope scope = new HandshakeScope(CURRENT.get());
        CURRENT.set(runtime);
        return scope;
    }

    /** The runtime bound to this thread, or {@code null}. */
    static ServerRuntime current() {
        return CURRENT.get();
    }

    /** Restores what was bound before. */
    @Override
    public void close() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
