package dev.wscommands.websocket;

import dev.wscommands.api.Caller;
import dev.wscommands.protocol.Message;
import dev.wscommands.session.CloseCodes;
import dev.wscommands.session.Peer;
import dev.wscommands.session.ReplyMemory;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A {@link Peer} over a JSR 356 {@link Session}. */
final class SessionPeer implements Peer {

    private static final Logger LOG = Logger.getLogger(SessionPeer.class.getName());
    /** Tomcat and Jetty publish the client's socket address under this user property. */
    private static final String REMOTE_ADDRESS_PROPERTY = "jakarta.websocket.endpoint.remoteAddress";
    /** Where {@link CommandEndpointConfigurator} puts the address the WAR's handshake filter found. */
    static final String FILTERED_ADDRESS_PROPERTY = "dev.wscommands.remoteAddress";
    /** Where the handshake puts the {@link Caller} it authenticated; absent without authentication. */
    static final String CALLER_PROPERTY = "dev.wscommands.caller";
    /** Where the handshake puts the {@link java.time.Instant} its authentication ends; absent when it does not. */
    static final String EXPIRES_PROPERTY = "dev.wscommands.authenticationEnds";
    /** Where the handshake puts the client's {@code Client-Id}; absent when the client named none. */
    static final String CLIENT_ID_PROPERTY = "dev.wscommands.clientId";
    private static final ByteBuffer PING = ByteBuffer.allocate(0);

    private final Session session;
    private final String address;
    private final ReplySender replies;
    /** The TCP connection below, where the container is Tomcat: it is ended when a close is not taken in time. */
    private final Optional<TomcatConnection> tomcat;

    SessionPeer(Session session, int maxQueuedReplies, ReplyMemory memory) {
        this.session = session;
        this.address = remoteAddress(session);
        this.tomcat = TomcatConnection.of(session);
        this.replies = new ReplySender(session.getAsyncRemote(), maxQueuedReplies, memory, this::sendFailed);
    }

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public Caller caller() {
        return session.getUserProperties().get(CALLER_PROPERTY) instanceof Caller caller ? caller : Caller.ANONYMOUS;
    }

    @Override
    public Optional<Instant> authenticationEnds() {
        return session.getUserProperties().get(EXPIRES_PROPERTY) instanceof Instant at ? Optional.of(at) : Optional.empty();
    }

    /** Whether the handshake put a caller in this session: false when it authenticated no one. */
    boolean hasCaller() {
        return session.getUserProperties().get(CALLER_PROPERTY) instanceof Caller;
    }

    @Override
    public Optional<String> clientId() {
        return session.getUserProperties().get(CLIENT_ID_PROPERTY) instanceof String id ? Optional.of(id) : Optional.empty();
    }

    @Override
    public boolean send(Message reply) {
        return replies.send(reply);
    }

    @Override
    public void ping() {
        try {
            session.getAsyncRemote().sendPing(PING.duplicate());
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "session " + id() + " ping not sent: " + e);
        }
    }

    @Override
    public long writingSince() {
        return replies.writingSince();
    }

    @Override
    public CompletableFuture<Void> flushed() {
        return replies.flushed();
    }

    @Override
    public void closed() {
        replies.discard();
    }

    @Override
    public void close(int code, String reason) {
        replies.discard();
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "session " + id() + " did not close cleanly", e);
        }
    }

    @Override
    public void closeUnread(int code, String reason) {
        tomcat.ifPresent(TomcatConnection::dropUnsent);
        close(code, reason);
    }

    @Override
    public boolean needsCut() {
        return tomcat.isPresent();
    }

    @Override
    public boolean cut() {
        return tomcat.map(TomcatConnection::cut).orElse(false);
    }

    private void sendFailed(Throwable failure) {
        LOG.fine(() -> "session " + id() + " reply not sent: " + failure);
    }

    /**
     * The client's IP address. JSR 356 has no API for it: Jetty puts it in a user property, Tyrus (standalone,
     * GlassFish, Payara) offers a {@code getRemoteAddr()} method on its session class, and for the others
     * (Tomcat) the WAR's handshake filter finds it before the upgrade.
     */
    private static String remoteAddress(Session session) {
        Object property = session.getUserProperties().get(REMOTE_ADDRESS_PROPERTY);
        if (property instanceof InetSocketAddress socket && socket.getAddress() != null) {
            return socket.getAddress().getHostAddress();
        }
        try {
            Method getter = session.getClass().getMethod("getRemoteAddr");
            Object value = getter.invoke(session);
            if (value instanceof String text && !text.isEmpty()) {
                return text;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not Tyrus: try what the handshake filter found
        }
        Object filtered = session.getUserProperties().get(FILTERED_ADDRESS_PROPERTY);
        return filtered instanceof String text && !text.isEmpty() ? text : null;
    }
}
