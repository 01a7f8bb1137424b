package dev.wscommands.server;

import jakarta.websocket.server.ServerEndpointConfig;

/** Creates each connection's {@link CommandEndpoint} with the running server's {@link ServerRuntime}. */
public final class CommandEndpointConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != CommandEndpoint.class) {
            throw new InstantiationException("not a ws-commands endpoint: " + endpointClass.getName());
        }
        return endpointClass.cast(new CommandEndpoint(ServerRuntime.current()));
    }
}
