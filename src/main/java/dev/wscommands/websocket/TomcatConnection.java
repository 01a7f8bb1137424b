package dev.wscommands.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The TCP connection under a Tomcat WebSocket session, for the two things JSR 356 cannot do and Tomcat does not
 * bound by itself.
 * <ul>
 *   <li>After a close the server began, Tomcat waits up to 30 s for the client's close frame
 *       ({@code org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT}), and looks only every 10 s. A client that
 *       reads nothing never answers, so its connection stayed open 30 to 40 s. {@link #cut()} ends it at once,
 *       by Tomcat's own path for a close frame that arrived ({@code WsSession.onClose}, public), so Tomcat
 *       closes the socket and forgets the session.</li>
 *   <li>When the close frame cannot be written (the client's window is shut), Tomcat closes the socket at once,
 *       but gracefully. The kernel then keeps the megabytes of replies it holds and goes on offering them
 *       to a client that never takes them, for minutes. {@link #dropUnsent()} sets {@code SO_LINGER} 0 first,
 *       so the close is a reset, as the standalone server's cut is.</li>
 * </ul>
 * Tomcat keeps the socket in private fields ({@code WsSession.wsRemoteEndpoint},
 * {@code WsRemoteEndpointImplServer.socketWrapper}), which are read by reflection. Where they are not found (another
 * container, or a Tomcat that changed them), {@link #of} finds nothing, or the socket part alone does nothing,
 * and the close is the container's own.
 */
final class TomcatConnection {

    private static final Logger LOG = Logger.getLogger(TomcatConnection.class.getName());
    private static final String SESSION_CLASS = "org.apache.tomcat.websocket.WsSession";

    private final Session session;
    private final Method onClose;
    private final Method isClosed;
    /**
     * The session's own socket, found while the session is open: Tomcat recycles the objects around a closed
     * socket for later connections, so found later they might lead to another client's socket.
     */
    private final Optional<NetworkChannel> channel;

    private TomcatConnection(Session session, Method onClose, Method isClosed) {
        this.session = session;
        this.onClose = onClose;
        this.isClosed = isClosed;
        this.channel = channel(session);
    }

    /**
     * The connection under {@code session} when Tomcat's WebSocket implementation runs it; empty otherwise. Called
     * while the session opens.
     */
    static Optional<TomcatConnection> of(Session session) {
        Class<?> type = session.getClass();
        if (!type.getName().equals(SESSION_CLASS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TomcatConnection(session, type.getMethod("onClose", CloseReason.class),
                    type.getMethod("isClosed")));
        } catch (NoSuchMethodException | RuntimeException e) {
            LOG.log(Level.FINE, "Tomcat's session offers no onClose: slow consumers are closed by Tomcat alone", e);
            return Optional.empty();
        }
    }

    /**
     * Makes the socket's close a reset, dropping what the kernel has not sent: for a client that reads nothing,
     * before its close begins.
     */
    void dropUnsent() {
        channel.ifPresent(socket -> {
            try {
                socket.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (java.io.IOException | RuntimeException e) {
                // closed meanwhile, or an option the channel has not (NIO2): the close stays graceful
                LOG.log(Level.FINE, "session " + session.getId() + ": SO_LINGER not set", e);
            }
        });
    }

    /**
     * Ends the connection now if Tomcat still holds it, its socket reset.
     *
     * @return whether it was still there
     */
    boolean cut() {
        try {
            if (Boolean.TRUE.equals(isClosed.invoke(session))) {
                return false;
            }
            dropUnsent();
            // What Tomcat does when the client's close frame comes: after the server's own close frame it closes
            // the connection. 1006 is never sent; the close frame went out already (or could not).
            onClose.invoke(session, new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY,
                    "the close was not taken in time"));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "session " + session.getId() + " not cut", e);
            return false;
        }
    }

    /** The session's socket channel, or empty where Tomcat's fields are not what this reads. */
    private static Optional<NetworkChannel> channel(Session session) {
        try {
            Object endpoint = field(session.getClass(), "wsRemoteEndpoint").get(session);
            Object wrapper = field(endpoint.getClass(), "socketWrapper").get(endpoint);
            Object socket = wrapper.getClass().getMethod("getSocket").invoke(wrapper);
            Object channel = socket.getClass().getMethod("getIOChannel").invoke(socket);
            return channel instanceof NetworkChannel network ? Optional.of(network) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "session " + session.getId() + ": no socket channel found", e);
            return Optional.empty();
        }
    }

    /** The field {@code name} of {@code type} or of a class it extends, made readable. */
    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look in the class it extends
            }
        }
        throw new NoSuchFieldException(name);
    }
}
