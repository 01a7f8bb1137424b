package dev.wscommands.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;
import org.glassfish.tyrus.spi.ClientContainer;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.Writer;

/**
 * Tyrus's Grizzly client transport with the settings of each connection applied to that connection alone: its TLS
 * context, and a {@link ReplyFrameGuard} in front of Tyrus's frame reader. The settings travel in the connection's
 * {@link ClientEndpointConfig}, so one container serves clients with different settings. Public only because Tyrus
 * creates it by its class name.
 */
public final class GuardedClientContainer implements ClientContainer {

    /** The key of the connection's {@link Options} in its endpoint configuration's user properties. */
    static final String OPTIONS = GuardedClientContainer.class.getName() + ".options";

    /**
     * What one connection needs from the transport. {@code aborts} receives, as the handshake starts, what
     * aborts it: it closes the connection's transport and its threads, which an interrupted handshake leaves
     * running until its timeout.
     */
    record Options(long maxReplySize, Optional<SSLContext> tls, ReplyFrameGuard.Endings endings,
                   Consumer<Runnable> aborts) {
    }

    private final GrizzlyClientContainer grizzly = new GrizzlyClientContainer();

    @Override
    public void openClientSocket(ClientEndpointConfig config, Map<String, Object> properties, ClientEngine engine)
            throws DeploymentException, IOException {
        Object found = config.getUserProperties().get(OPTIONS);
        if (!(found instanceof Options options)) {
            grizzly.openClientSocket(config, properties, engine);
            return;
        }
        // A copy made for this connection alone: setting TLS here leaves the other clients' connections alone.
        options.tls().ifPresent(context -> properties.put(ClientProperties.SSL_ENGINE_CONFIGURATOR,
                new SslEngineConfigurator(context)));
        grizzly.openClientSocket(config, properties, new GuardedEngine(engine, options));
    }

    /** Hands every step to Tyrus's engine, and puts the guard in front of the connection it creates. */
    private record GuardedEngine(ClientEngine engine, Options options) implements ClientEngine {

        @Override
        public UpgradeRequest createUpgradeRequest(TimeoutHandler timeoutHandler) {
            if (timeoutHandler != null) {
                options.aborts().accept(timeoutHandler::handleTimeout);
            }
            return engine.createUpgradeRequest(timeoutHandler);
        }

        @Override
        public ClientUpgradeInfo processResponse(UpgradeResponse response, Writer writer,
                                                 Connection.CloseListener closeListener) {
            ClientUpgradeInfo info = engine.processResponse(response, writer, closeListener);
            if (info.getUpgradeStatus() != ClientUpgradeStatus.SUCCESS) {
                return info;
            }
            return new ClientUpgradeInfo() {
                @Override
                public ClientUpgradeStatus getUpgradeStatus() {
                    return ClientUpgradeStatus.SUCCESS;
                }

                @Override
                public Connection createConnection() {
                    return new GuardedConnection(info.createConnection(), options);
                }
            };
        }

        @Override
        public void processError(Throwable t) {
            engine.processError(t);
        }
    }

    private static final class GuardedConnection implements Connection {

        private final Connection connection;
        private final ReadHandler guard;

        GuardedConnection(Connection connection, Options options) {
            this.connection = connection;
            this.guard = new ReplyFrameGuard(connection.getReadHandler(), connection, options.maxReplySize(),
                    options.endings());
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
        public void close(CloseReason reason) {
            connection.close(reason);
        }
    }
}
