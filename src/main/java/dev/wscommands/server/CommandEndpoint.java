package dev.wscommands.server;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageDecoder;
import dev.wscommands.protocol.MessageEncoder;
import dev.wscommands.protocol.MessageFormatException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The command channel at {@code /server}. The container creates one instance per connection, and the
 * connection answers requests for as long as the client keeps it open. Everything but WebSocket plumbing is
 * done by the {@link CommandSession} and the {@link SessionRegistry}.
 */
@ServerEndpoint(
        value = "/server",
        encoders = MessageEncoder.class,
        decoders = MessageDecoder.class,
        configurator = CommandEndpointConfigurator.class)
public final class CommandEndpoint {

    private static final Logger LOG = Logger.getLogger(CommandEndpoint.class.getName());

    private final ServerRuntime runtime;
    private CommandSession session;

    CommandEndpoint(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    @OnOpen
    public void onOpen(Session socket) {
        socket.setMaxTextMessageBufferSize(runtime.settings().maxMessageSize());
        session = runtime.sessions().open(new SessionPeer(socket, runtime.settings().maxQueuedReplies()));
    }

    @OnMessage
    public void onMessage(Message request) {
        if (session != null) {
            session.onRequest(request);
        }
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
        if (failure instanceof DecodeException decode && decode.getCause() instanceof MessageFormatException fault) {
            // A well-formed frame with a bad payload: answer it and keep serving the connection.
            if (session != null) {
                session.onUndecodable(fault);
            }
            return;
        }
        LOG.log(Level.WARNING, "session " + socket.getId() + " failed: " + failure);
    }

    @OnClose
    public void onClose(Session socket, CloseReason reason) {
        runtime.sessions().closed(session, reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }
}
