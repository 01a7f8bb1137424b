package dev.wscommands.server;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageDecoder;
import dev.wscommands.protocol.MessageEncoder;
import dev.wscommands.protocol.MessageFormatException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The command channel at {@code /server}. The container creates one instance per connection, and the
 * connection answers requests for as long as the client keeps it open. Everything but WebSocket plumbing is
 * done by the {@link CommandDispatcher}.
 */
@ServerEndpoint(
        value = "/server",
        encoders = MessageEncoder.class,
        decoders = MessageDecoder.class,
        configurator = CommandEndpointConfigurator.class)
public final class CommandEndpoint {

    private static final Logger LOG = Logger.getLogger(CommandEndpoint.class.getName());

    private final ServerRuntime runtime;
    private ReplySender replies;

    CommandEndpoint(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    @OnOpen
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxTextMessageBufferSize(runtime.settings().maxMessageSize());
        replies = new ReplySender(session.getAsyncRemote(), failure -> sendFailed(session, failure));
        LOG.fine(() -> "session " + session.getId() + " opened");
    }

    @OnMessage
    public void onMessage(Message request) {
        replies.send(runtime.dispatcher().dispatch(request));
    }

    /** Binary frames are not part of the protocol: close with 1003 (cannot accept). */
    @OnMessage
    public void onBinary(ByteBuffer data, Session session) throws IOException {
        session.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "binary messages are not supported"));
    }

    @OnError
    public void onError(Session session, Throwable failure) {
        if (failure instanceof DecodeException decode && decode.getCause() instanceof MessageFormatException fault) {
            // A well-formed frame with a bad payload: answer it and keep serving the connection.
            replies.send(runtime.dispatcher().undecodable(fault));
            return;
        }
        LOG.log(Level.WARNING, "session " + session.getId() + " failed: " + failure);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        LOG.fine(() -> "session " + session.getId() + " closed: " + reason.getCloseCode().getCode());
    }

    private void sendFailed(Session session, Throwable failure) {
        LOG.fine(() -> "session " + session.getId() + " reply not sent: " + failure);
    }
}
