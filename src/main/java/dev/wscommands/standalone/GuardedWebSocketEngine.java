package dev.wscommands.standalone;

import dev.wscommands.auth.Credentials;
import dev.wscommands.auth.Verdict;
import dev.wscommands.operations.LogLimiter;
import dev.wscommands.operations.Refusal;
import dev.wscommands.server.ServerRuntime;
import dev.wscommands.websocket.HandshakeScope;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

/**
 * The Tyrus engine of the standalone server, with the checks a servlet container would do in front of it:
 * the handshake's {@code Origin} (see {@link dev.wscommands.servlet.HandshakeFilter} for the WAR), and every
 * connection reads through an {@link IncomingFrameGuard} and writes through a {@link CloseReasonWriter}.
 * During a graceful shutdown it refuses handshakes with HTTP 503, before the upgrade, so that a proxy in front
 * can pass the client on to another instance.
 */
final class GuardedWebSocketEngine implements WebSocketEngine {

    private static final Logger LOG = Logger.getLogger(GuardedWebSocketEngine.class.getName());
    private static final UpgradeInfo REFUSED = new UpgradeInfo() {
        @Override
        public UpgradeStatus getStatus() {
            return UpgradeStatus.HANDSHAKE_FAILED;
        }

        @Override
        public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
            return null;
        }
    };

    private final WebSocketEngine engine;
    private final ServerRuntime runtime;
    private final int maxMessageSize;
    /** Refusals are the client's doing: logged, but not so many that a client could flood the log. */
    private final LogLimiter refusals = new LogLimiter(LOG, 60);

    GuardedWebSocketEngine(WebSocketEngine engine, ServerRuntime runtime) {
        this.engine = engine;
        this.runtime = runtime;
        this.maxMessageSize = runtime.settings().maxMessageSize();
    }

    @Override
    public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
        if (request.getHeader("Sec-WebSocket-Key") != null) {
            String origin = request.getHeader("Origin");
            if (!runtime.origins().allows(origin, request.getHeader("Host"))) {
                runtime.metrics().refused(Refusal.ORIGIN);
                LOG.info(() -> "handshake refused: origin " + origin);
                response.setStatus(403);
                return REFUSED;
            }
            if (runtime.sessions().draining()) {
                runtime.metrics().refused(Refusal.DRAINING);
                LOG.fine("handshake refused: shutting down");
                response.setStatus(503);
                return REFUSED;
            }
        }
        Verdict.Admitted admitted = null;
        if (runtime.authenticator().isPresent()) {
            Verdict verdict = runtime.authenticator().get().authenticate(new Credentials(
                    request.getHeaders().get("Authorization"), request.getHeaders().get("Sec-WebSocket-Protocol"),
                    request.getQueryString()));
            if (verdict instanceof Verdict.Refused refused) {
                runtime.metrics().refused(Refusal.UNAUTHENTICATED);
                refusals.log(Level.INFO, () -> "handshake from " + remoteAddress(request) + " refused with 401: "
                        + refused.reason());
                response.setStatus(401);
                response.setReasonPhrase("Unauthorized");
                response.getHeaders().put("WWW-Authenticate", List.of(refused.wwwAuthenticate()));
                return REFUSED;
            }
            admitted = (Verdict.Admitted) verdict;
        }
        UpgradeInfo upgrade;
        try (HandshakeScope scope = HandshakeScope.bind(runtime, admitted)) {
            upgrade = engine.upgrade(request, response);
        }
        return new UpgradeInfo() {
            @Override
            public UpgradeStatus getStatus() {
                return upgrade.getStatus();
            }

            @Override
            public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
                // Tyrus creates the endpoint and opens its session here.
                try (HandshakeScope scope = HandshakeScope.bind(runtime)) {
                    CloseReasonWriter words = new CloseReasonWriter(writer);
                    Connection connection = upgrade.createConnection(words, closeListener);
                    return connection == null ? null : new GuardedConnection(connection, words);
                }
            }
        };
    }

    private static String remoteAddress(UpgradeRequest request) {
        return request instanceof RequestContext context ? context.getRemoteAddr() : "?";
    }

    @Override
    public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig serverConfig, String contextPath) throws DeploymentException {
        engine.register(serverConfig, contextPath);
    }

    /**
     * A WebSocket connection as Tyrus keeps it on its Grizzly connection (where the {@link HttpConnectionGate}
     * finds it): its reads pass the frame guard, its writes the close reason words.
     */
    final class GuardedConnection implements Connection {

        private final Connection connection;
        private final ReadHandler guard;
        private final CloseReasonWriter writer;

        GuardedConnection(Connection connection, CloseReasonWriter writer) {
            this.connection = connection;
            this.guard = new IncomingFrameGuard(connection.getReadHandler(), connection, maxMessageSize);
            this.writer = writer;
        }

        /** When the server began to close the connection, or 0: see {@link CloseReasonWriter#closingSince()}. */
        long closingSince() {
            return writer.closingSince();
        }

        @Override
        public ReadHandler getReadHandler() {
            return guard;
        }

        @Override
        public Writer getWriter() {
            return connection.getWriter();
        }

        @Override
        public CloseListener getCloseListener() {
            return connection.getCloseListener();
        }

        @Override
        public void close(jakarta.websocket.CloseReason reason) {
            connection.close(reason);
        }
    }
}
