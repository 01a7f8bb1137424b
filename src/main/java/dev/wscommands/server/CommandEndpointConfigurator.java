package dev.wscommands.server;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/** Creates each connection's {@link CommandEndpoint} with the running server's {@link ServerRuntime}. */
public final class CommandEndpointConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != CommandEndpoint.class) {
            throw new InstantiationException("not a ws-commands endpoint: " + endpointClass.getName());
        }
        return endpointClass.cast(new CommandEndpoint(ServerRuntime.current()));
    }

    /**
     * Passes the client's address, as the {@link HandshakeFilter} found it, to the session. Containers give
     * each handshake its own copy of the configuration, whose user properties become the session's.
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (HandshakeFilter.ADDRESS_HEADER.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                config.getUserProperties().put(SessionPeer.FILTERED_ADDRESS_PROPERTY, header.getValue().get(0));
            }
        }
    }
}
