package dev.wscommands.websocket;

import dev.wscommands.server.ServerRuntime;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Creates each connection's {@link CommandEndpoint} with the {@link ServerRuntime} of the server that
 * registered it. The host (the standalone server, or the WAR's listener) registers the endpoint with
 * {@link #endpointConfig(ServerRuntime)}, so every server in a JVM, and every web application in a container,
 * has its own runtime and nothing is shared through a static field.
 */
public final class CommandEndpointConfigurator extends ServerEndpointConfig.Configurator {

    /**
     * The request header that carries the client's address from the WAR's handshake filter to the handshake,
     * for containers that do not publish it on the session (Tomcat).
     */
    public static final String ADDRESS_HEADER = "X-WS-Commands-Remote-Address";

    private final ServerRuntime runtime;

    private CommandEndpointConfigurator(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The registration of {@link CommandEndpoint} for {@code runtime}: path and encoders as its
     * {@link ServerEndpoint} annotation declares them, and a configurator that hands it the runtime. Pass it to
     * {@code ServerContainer.addEndpoint}.
     */
    public static ServerEndpointConfig endpointConfig(ServerRuntime runtime) {
        ServerEndpoint annotation = CommandEndpoint.class.getAnnotation(ServerEndpoint.class);
        return ServerEndpointConfig.Builder.create(CommandEndpoint.class, annotation.value())
                .encoders(List.of(annotation.encoders()))
                .configurator(new CommandEndpointConfigurator(runtime))
                .build();
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != CommandEndpoint.class) {
            throw new InstantiationException("not a ws-commands endpoint: " + endpointClass.getName());
        }
        return endpointClass.cast(new CommandEndpoint(runtime));
    }

    /**
     * Passes the client's address, as the WAR's handshake filter found it, to the session. Containers give
     * each handshake its own copy of the configuration, whose user properties become the session's.
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (ADDRESS_HEADER.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                config.getUserProperties().put(SessionPeer.FILTERED_ADDRESS_PROPERTY, header.getValue().get(0));
            }
        }
    }
}
