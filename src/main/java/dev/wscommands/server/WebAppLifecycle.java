package dev.wscommands.server;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

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
        context.log("ws-commands ready at " + context.getContextPath() + "/server");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        runtime.close();
        ServerRuntime.uninstall(runtime);
    }
}
