package dev.wscommands.websocket;

import dev.wscommands.protocol.ClientId;
import dev.wscommands.auth.Verdict;
import dev.wscommands.server.ServerRuntime;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Hands each connection's {@link CommandEndpoint} the {@link ServerRuntime} of the server that registered it.
 * The host (the standalone server, or the WAR's listener) registers the endpoint with
 * {@link #endpointConfig(ServerRuntime)}, whose configurator instance carries the runtime, so every server in
 * a JVM, and every web application in a container, has its own and nothing is shared through a static field.
 *
 * <p>Containers differ in which configurator they use. Tomcat and Jetty use the registered instance, which
 * passes the runtime to the endpoint's constructor. Tyrus (the standalone server, GlassFish, Payara) ignores
 * the registered configuration of an annotated endpoint and uses an instance of the annotation's configurator
 * class that it creates itself; that one finds the runtime in the {@link HandshakeScope} that the host binds
 * around the upgrade, and hands it on through the handshake's user properties, which become the session's,
 * for a container that opens the session after the upgrade request has returned.
 */
public final class CommandEndpointConfigurator extends ServerEndpointConfig.Configurator {

    /**
     * The request header that carries the client's address from the WAR's handshake filter to the handshake,
     * for containers that do not publish it on the session (Tomcat).
     */
    public static final String ADDRESS_HEADER = "X-WS-Commands-Remote-Address";

    /** The session user property that carries the runtime from the handshake to the endpoint. */
    private static final String RUNTIME_PROPERTY = ServerRuntime.class.getName();

    private final ServerRuntime runtime;

    /** The instance a container creates from the annotation; it knows no runtime. */
    public CommandEndpointConfigurator() {
        this(null);
    }

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
                .subprotocols(List.of(annotation.subprotocols()))
                .configurator(new CommandEndpointConfigurator(runtime))
                .build();
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != CommandEndpoint.class) {
            throw new InstantiationException("not a ws-commands endpoint: " + endpointClass.getName());
        }
        return endpointClass.cast(new CommandEndpoint(runtime()));
    }

    /** This instance's runtime, else the one of the handshake running on this thread, else {@code null}. */
    private ServerRuntime runtime() {
        return runtime != null ? runtime : HandshakeScope.current();
    }

    /**
     * Passes the runtime, the client's address as the WAR's handshake filter found it, and the client's
     * {@code Client-Id} (header, or query parameter {@code client-id}), to the session. Containers give
     * each handshake its own copy of the configuration, whose user properties become the session's.
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        ServerRuntime current = runtime();
        if (current != null) {
            config.getUserProperties().put(RUNTIME_PROPERTY, current);
        }
        // The caller that the host's check in front of the upgrade admitted (the standalone engine, the WAR's
        // filter), on this thread. Without one, the endpoint refuses the session when authentication is on.
        Verdict.Admitted admitted = HandshakeScope.admitted();
        if (admitted != null) {
            config.getUserProperties().put(SessionPeer.CALLER_PROPERTY, admitted.caller());
            admitted.expiresAt().ifPresent(at -> config.getUserProperties().put(SessionPeer.EXPIRES_PROPERTY, at));
        }
        String clientIdHeader = null;
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (ADDRESS_HEADER.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                config.getUserProperties().put(SessionPeer.FILTERED_ADDRESS_PROPERTY, header.getValue().get(0));
            }
            if (ClientId.HEADER.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                clientIdHeader = header.getValue().get(0);
            }
        }
        // The host's handshake check has refused an invalid ID with 400 already; this one keeps only a valid one.
        ClientId.fromHandshake(clientIdHeader, request.getQueryString()).filter(ClientId::isValid)
                .ifPresent(id -> config.getUserProperties().put(SessionPeer.CLIENT_ID_PROPERTY, id));
    }

    /**
     * {@value CommandEndpoint#SUBPROTOCOL} when the client offered it, else none: whatever else was offered (a
     * browser's {@code bearer.TOKEN}) is never answered, so a token is never echoed.
     */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.contains(CommandEndpoint.SUBPROTOCOL) ? CommandEndpoint.SUBPROTOCOL : "";
    }

    /**
     * The runtime that the handshake put in a session's user properties.
     *
     * @throws IOException when there is none: the endpoint was deployed without {@link #endpointConfig}
     */
    static ServerRuntime runtimeOf(Map<String, Object> sessionProperties) throws IOException {
        if (sessionProperties.get(RUNTIME_PROPERTY) instanceof ServerRuntime found) {
            return found;
        }
        throw new IOException("the ws-commands endpoint was deployed without its runtime");
    }
}
