package dev.wscommands.client;

import dev.wscommands.protocol.ClientId;
import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageDecoder;
import dev.wscommands.protocol.MessageEncoder;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection of a {@link CommandClient}, as the WebSocket container sees it: hands every event to the client
 * and does nothing else. The same JSON codecs as the server. Its events arrive on the container's threads.
 */
final class CommandClientEndpoint extends Endpoint {

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

    /** The configuration of one connection: the codecs, and {@code options} for the transport. */
    static ClientEndpointConfig config(GuardedClientContainer.Options options, int incomingBufferSize) {
        return config(options, incomingBufferSize, null, null);
    }

    /**
     * The same, with {@code Authorization: Bearer TOKEN} on the handshake when {@code token} is not null; the
     * answer's {@code WWW-Authenticate} goes to {@code challenge}.
     */
    static ClientEndpointConfig config(GuardedClientContainer.Options options, int incomingBufferSize, String token,
            java.util.concurrent.CompletableFuture<String> challenge) {
        return config(options, incomingBufferSize, token, challenge, ClientSettings.NONE);
    }

    /**
     * The same, with the client's {@code Client-Id} header as well unless {@code clientId} is
     * {@link ClientSettings#NONE}.
     */
    static ClientEndpointConfig config(GuardedClientContainer.Options options, int incomingBufferSize, String token,
            java.util.concurrent.CompletableFuture<String> challenge, String clientId) {
        ClientEndpointConfig.Builder builder = ClientEndpointConfig.Builder.create()
                .encoders(List.of(MessageEncoder.class))
                .decoders(List.of(MessageDecoder.class));
        boolean named = !ClientSettings.NONE.equals(clientId);
        builder.configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(java.util.Map<String, List<String>> headers) {
                if (token != null) {
                    headers.put("Authorization", List.of("Bearer " + token));
                }
                if (named) {
                    headers.put(ClientId.HEADER, List.of(clientId));
                }
            }

            @Override
            public void afterResponse(jakarta.websocket.HandshakeResponse response) {
                if (challenge == null) {
                    return;
                }
                List<String> values = response.getHeaders().entrySet().stream()
                        .filter(h -> h.getKey().equalsIgnoreCase("WWW-Authenticate"))
                        .flatMap(h -> h.getValue().stream()).toList();
                // Tyrus splits a header's value at its commas: put the challenge's parameters back together.
                challenge.complete(values.isEmpty() ? null : String.join(", ", values));
            }
        });
        ClientEndpointConfig config = builder.build();
        config.getUserProperties().put(GuardedClientContainer.OPTIONS, options);
        // Tyrus reads a frame into a buffer of this size; the guard has refused larger replies before.
        config.getUserProperties().put(org.glassfish.tyrus.spi.ClientContainer.WLS_INCOMING_BUFFER_SIZE,
                incomingBufferSize);
        return config;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        LOG.fine(() -> "session " + session.getId() + " opened");
        session.addMessageHandler(Message.class, events::replied);
        session.addMessageHandler(PongMessage.class, pong -> {
            ByteBuffer data = pong.getApplicationData();
            // Our pings carry their number in 8 bytes; a pong of any other shape is unsolicited and proves nothing.
            if (data.remaining() == Long.BYTES) {
                events.ponged(data.getLong(data.position()));
            }
        });
        events.opened(session);
    }

    @Override
    public void onError(Session session, Throwable failure) {
        if (failure instanceof DecodeException) {
            events.unreadable(failure.getMessage());
            return;
        }
        LOG.log(Level.FINE, "session " + session.getId() + " failed: " + failure);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        LOG.fine(() -> "session " + session.getId() + " closed: " + reason.getCloseCode().getCode());
        events.closed(reason);
    }
}
