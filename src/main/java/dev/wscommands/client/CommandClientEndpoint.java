package dev.wscommands.client;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageDecoder;
import dev.wscommands.protocol.MessageEncoder;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection of a {@link CommandClient}, as the WebSocket container sees it: hands every event to the client
 * and does nothing else. The same JSON codecs as the server.
 */
@ClientEndpoint(encoders = MessageEncoder.class, decoders = MessageDecoder.class)
public final class CommandClientEndpoint {

    private static final Logger LOG = Logger.getLogger(CommandClientEndpoint.class.getName());

    /** What the client does with the events of one connection. */
    interface Events {

        void opened(Session session);

        void replied(Message reply);

        /** A pong arrived echoing ping number {@code ping}. */
        void ponged(long ping);

        /** A text message arrived that is not a {@link Message}. */
        void unreadable(String why);

        void closed(CloseReason reason);
    }

    private final Events events;

    CommandClientEndpoint(Events events) {
        this.events = events;
    }

    @OnOpen
    public void onOpen(Session session) {
        LOG.fine(() -> "session " + session.getId() + " opened");
        events.opened(session);
    }

    @OnMessage
    public void onMessage(Message reply) {
        events.replied(reply);
    }

    @OnMessage
    public void onPong(PongMessage pong) {
        ByteBuffer data = pong.getApplicationData();
        // Our pings carry their number in 8 bytes; a pong of any other shape is unsolicited and proves nothing.
        if (data.remaining() == Long.BYTES) {
            events.ponged(data.getLong(data.position()));
        }
    }

    @OnError
    public void onError(Session session, Throwable failure) {
        if (failure instanceof DecodeException) {
            events.unreadable(failure.getMessage());
            return;
        }
        LOG.log(Level.FINE, "session " + session.getId() + " failed: " + failure);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        LOG.fine(() -> "session " + session.getId() + " closed: " + reason.getCloseCode().getCode());
        events.closed(reason);
    }
}
