package dev.wscommands.websocket;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageDecoder;
import dev.wscommands.protocol.MessageEncoder;
import dev.wscommands.protocol.MessageFormatException;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.server.ServerRuntime;
import dev.wscommands.session.CloseCodes;
import dev.wscommands.session.CommandSession;
import dev.wscommands.session.SessionRegistry;
import dev.wscommands.session.Utf8;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The command channel at {@code /server}. The container creates one instance per connection, and the
 * connection answers requests for as long as the client keeps it open. Everything but WebSocket plumbing is
 * done by the {@link CommandSession} and the {@link SessionRegistry}.
 *
 * <p>Requests are decoded here (the same {@link MessageJson} the client's {@link MessageDecoder} uses), rather
 * than by a decoder the container calls: what a
 * container does with a decoding failure differs (Jetty closes the connection with 1003 before the endpoint
 * can answer), and a malformed request must get an error reply on a connection that stays open. The size
 * limit is checked here too, because Tyrus (GlassFish, Payara) applies the session's text buffer size only to
 * messages that arrive in several frames.
 *
 * <p>The host registers it with {@link CommandEndpointConfigurator#endpointConfig}, which gives every instance
 * the runtime of its own server; the WAR keeps containers from deploying it by annotation scanning alone.
 */
@ServerEndpoint(
        value = "/server",
        subprotocols = CommandEndpoint.SUBPROTOCOL,
        encoders = MessageEncoder.class,
        configurator = CommandEndpointConfigurator.class)
public final class CommandEndpoint {

    private static final Logger LOG = Logger.getLogger(CommandEndpoint.class.getName());
    /**
     * The subprotocol the server answers when a client offers it. A browser offers {@code bearer.TOKEN} beside it
     * to carry its token; the server never answers that one.
     */
    public static final String SUBPROTOCOL = "ws-commands";

    private ServerRuntime runtime;
    private CommandSession session;

    /** @param runtime the server's runtime, or {@code null} when the handshake carries it (Tyrus) */
    CommandEndpoint(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    @OnOpen
    public void onOpen(Session socket) throws IOException {
        if (runtime == null) {
            runtime = CommandEndpointConfigurator.runtimeOf(socket.getUserProperties());
        }
        socket.setMaxTextMessageBufferSize(runtime.settings().maxMessageSize());
        // Binary messages are refused (1003) once they arrive; a smaller binary buffer would have the container
        // refuse a large one first, with 1009 and its own words.
        socket.setMaxBinaryMessageBufferSize(runtime.settings().maxMessageSize());
        SessionPeer peer = new SessionPeer(socket, runtime.settings().maxQueuedReplies(),
                runtime.sessions().replyMemory());
        if (runtime.authenticator().isPresent() && !peer.hasCaller()) {
            // Fail closed: authentication is on, and no check in front of the upgrade admitted this handshake (a
            // container that ran it outside the host's filter). The 401 could not be sent; a 1008 is.
            LOG.warning(() -> "session " + socket.getId() + " from " + peer.address()
                    + " refused: its handshake was not authenticated");
            peer.close(CloseCodes.POLICY_VIOLATION, "authentication required");
            return;
        }
        session = runtime.sessions().open(peer);
    }

    @OnMessage
    public void onMessage(String text) {
        if (session == null) {
            return;
        }
        if (Utf8.exceeds(text, runtime.settings().maxMessageSize())) {
            session.close(CloseCodes.TOO_BIG, "message larger than " + runtime.settings().maxMessageSize() + " bytes");
            return;
        }
        Message request;
        try {
            request = MessageJson.read(text);
        } catch (MessageFormatException fault) {
            // A well-formed frame with a bad payload: answer it and keep serving the connection.
            session.onUndecodable(fault);
            return;
        }
        session.onRequest(request);
    }

    @OnMessage
    public void onPong(PongMessage pong) {
        if (session != null) {
            session.onPong();
        }
    }

    /** Binary frames are not part of the protocol. */
    @OnMessage
    public void onBinary(ByteBuffer data) {
        if (session != null) {
            session.close(CloseCodes.CANNOT_ACCEPT, "binary messages are not supported");
        }
    }

    @OnError
    public void onError(Session socket, Throwable failure) {
        // Connections that drop are routine, and what a client does wrong (a message too big for the container,
        // say) is logged again with the close code; either way once, with context, and never with a payload.
        Level level = failure instanceof IOException ? Level.FINE : Level.INFO;
        LOG.log(level, () -> "session " + socket.getId() + " from " + (session == null ? "?" : session.peer().address())
                + " failed: " + failure);
    }

    @OnClose
    public void onClose(Session socket, CloseReason reason) {
        runtime.sessions().closed(session, reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }
}
