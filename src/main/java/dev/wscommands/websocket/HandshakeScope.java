package dev.wscommands.websocket;

import dev.wscommands.auth.Verdict;
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

    private static final ThreadLocal<Bound> CURRENT = new ThreadLocal<>();

    private record Bound(ServerRuntime runtime, Verdict.Admitted admitted) {
    }

    private final Bound outer;

    private HandshakeScope(Bound outer) {
        this.outer = outer;
    }

    /** Binds {@code runtime} to this thread until {@link #close()}. */
    public static HandshakeScope bind(ServerRuntime runtime) {
        return bind(runtime, null);
    }

    /**
     * Binds {@code runtime}, and the caller that the host's handshake check {@code admitted} ({@code null} when it
     * authenticated no one), to this thread until {@link #close()}.
     */
    public static HandshakeScope bind(ServerRuntime runtime, Verdict.Admitted admitted) {
        HandshakeScope scope = new HandshakeScope(CURRENT.get());
        CURRENT.set(new Bound(runtime, admitted));
        return scope;
    }

    /** The runtime bound to this thread, or {@code null}. */
    static ServerRuntime current() {
        Bound bound = CURRENT.get();
        return bound == null ? null : bound.runtime();
    }

    /** The caller the handshake running on this thread was admitted with, or {@code null}. */
    static Verdict.Admitted admitted() {
        Bound bound = CURRENT.get();
        return bound == null ? null : bound.admitted();
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
