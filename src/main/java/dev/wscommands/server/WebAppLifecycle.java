package dev.wscommands.server;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.EnumSet;

/**
 * Starts and stops the service inside a servlet container (the WAR). The container deploys
 * {@link CommandEndpoint} on its own WebSocket implementation; this listener installs the runtime the
 * endpoints share, with settings from the servlet context parameters, and on undeploy closes every session
 * gracefully.
 */
public final class WebAppLifecycle implements ServletContextListener {

    private ServerRuntime runtime;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        var context = event.getServletContext();
        ServerSettings settings = SettingsReader.read(context::getInitParameter);
        runtime = new ServerRuntime(settings, CommandDispatcher.standard());
        ServerRuntime.install(runtime);
        // Registered here rather than in web.xml so that it can go first, before the mapping of a container
        // (Jetty) that puts its own WebSocket upgrade filter in front of the ones web.xml declares.
        var filter = context.addFilter("ws-commands-handshake", HandshakeFilter.class);
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/server");
        context.log("ws-commands ready at " + context.getContextPath() + "/server");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        runtime.close();
        ServerRuntime.uninstall(runtime);
    }
}
