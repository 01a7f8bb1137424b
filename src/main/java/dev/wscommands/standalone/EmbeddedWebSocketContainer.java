package dev.wscommands.standalone;

import dev.wscommands.server.ServerRuntime;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * The Tyrus WebSocket container of the standalone server. Unlike Tyrus's own Grizzly container, it opens no
 * socket of its own: {@link StandaloneServer} plugs it into an HTTP server that it configured itself, so that
 * static files and the endpoint share one port and one bind address.
 */
final class EmbeddedWebSocketContainer extends TyrusServerContainer {

    private final String contextPath;
    private final WebSocketEngine engine;

    /** Tyrus's own default incoming buffer; frames are refused by size long before they fill it. */
    private static final int MIN_INCOMING_BUFFER = 4 * 1024 * 1024;

    EmbeddedWebSocketContainer(ServerRuntime runtime, String contextPath) {
        super(Set.<Class<?>>of());
        this.contextPath = contextPath;
        // The buffer holds one partial frame plus one network read; the guard keeps frames within the limit.
        int incomingBuffer = Math.max(MIN_INCOMING_BUFFER, 2 * runtime.settings().maxMessageSize() + 64 * 1024);
        this.engine = new GuardedWebSocketEngine(
                TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBuffer).build(), runtime);
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, contextPath);
    }

    /**
     * Negative, where JSR 356's default is 0 (no timeout): with 0, Tyrus 2.2 still cancels and schedules an idle
     * timer task on every message in and out; with a negative value it schedules none. Idle sessions are closed
     * by the {@link dev.wscommands.session.SessionRegistry}'s periodic sweep instead.
     */
    @Override
    public long getDefaultMaxSessionIdleTimeout() {
        return -1;
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
