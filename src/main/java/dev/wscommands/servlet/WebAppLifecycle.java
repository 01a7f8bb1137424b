package dev.wscommands.servlet;

import dev.wscommands.commands.CommandDispatcher;
import dev.wscommands.server.ServerRuntime;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.settings.SettingsReader;
import dev.wscommands.websocket.CommandEndpointConfigurator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.util.EnumSet;

/**
 * Starts and stops the service inside a servlet container (the WAR): creates this web application's
 * {@link ServerRuntime} with settings from the servlet context parameters, registers the endpoint, the
 * handshake filter and the operations servlet with it, and on undeploy closes every session gracefully.
 */
public final class WebAppLifecycle implements ServletContextListener {

    /** Where JSR 356 puts the container's {@link ServerContainer} in the servlet context. */
    private static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";

    private ServerRuntime runtime;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ServerSettings settings = SettingsReader.read(context::getInitParameter);
        runtime = new ServerRuntime(settings, CommandDispatcher.standard());
        // Registered here rather than in web.xml so that it can go first, before the mapping of a container
        // (Jetty) that puts its own WebSocket upgrade filter in front of the ones web.xml declares.
        var filter = context.addFilter("ws-commands-handshake", new HandshakeFilter(runtime));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/server");
        var site = context.addFilter("ws-commands-site-headers", new SiteHeadersFilter());
        site.setAsyncSupported(true);
        site.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        var operations = context.addServlet("ws-commands-operations", new OperationsServlet(runtime));
        operations.addMapping(OperationsServlet.HEALTH, OperationsServlet.METRICS);
        deployEndpoint(context);
        context.log("ws-commands ready at " + context.getContextPath() + "/server");
    }

    private void deployEndpoint(ServletContext context) {
        if (!(context.getAttribute(SERVER_CONTAINER) instanceof ServerContainer container)) {
            throw new IllegalStateException("this container offers no Jakarta WebSocket server container");
        }
        try {
            container.addEndpoint(CommandEndpointConfigurator.endpointConfig(runtime));
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot deploy the WebSocket endpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        runtime.close();
    }
}
