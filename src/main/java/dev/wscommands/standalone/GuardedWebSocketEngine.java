package dev.wscommands.standalone;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

/** A Tyrus engine whose connections read through an {@link IncomingFrameGuard}. */
final class GuardedWebSocketEngine implements WebSocketEngine {

    private final WebSocketEngine engine;
    private final int maxMessageSize;

    GuardedWebSocketEngine(WebSocketEngine engine, int maxMessageSize) {
        this.engine = engine;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
        UpgradeInfo upgrade = engine.upgrade(request, response);
        return new UpgradeInfo() {
            @Override
            public UpgradeStatus getStatus() {
                return upgrade.getStatus();
            }

            @Override
            public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
                Connection connection = upgrade.createConnection(writer, closeListener);
                return connection == null ? null : new GuardedConnection(connection);
            }
        };
    }

    @Override
    public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig serverConfig, String contextPath) throws DeploymentException {
        engine.register(serverConfig, contextPath);
    }

    private final class GuardedConnection implements Connection {

        private final Connection connection;
        private final ReadHandler guard;

        GuardedConnection(Connection connection) {
            this.connection = connection;
            this.guard = new IncomingFrameGuard(connection.getReadHandler(), connection, maxMessageSize);
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
