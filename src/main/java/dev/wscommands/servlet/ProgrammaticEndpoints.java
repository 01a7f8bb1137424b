package dev.wscommands.servlet;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;

/**
 * Tells the container to deploy no endpoint it found by scanning the WAR: {@link WebAppLifecycle} registers
 * the command endpoint itself, with the configurator that carries this web application's runtime. Without
 * this, a container would also deploy the annotated class on its own, without a runtime, at the same path.
 */
public final class ProgrammaticEndpoints implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of();
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }
}
