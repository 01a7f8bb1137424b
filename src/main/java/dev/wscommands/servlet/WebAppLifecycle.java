package dev.wscommands.servlet;

import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.commands.CommandLoadException;
import dev.wscommands.commands.CommandLoader;
import dev.wscommands.commands.RegisteredCommand;
import dev.wscommands.server.ServerRuntime;
import dev.wscommands.settings.SecuritySettings;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.settings.SettingsReader;
import dev.wscommands.websocket.CommandEndpointConfigurator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Starts and stops the service inside a servlet container (the WAR): creates this web application's
 * {@link ServerRuntime} with settings from the servlet context parameters, registers the endpoint, the
 * handshake filter and the operations servlet with it, and on undeploy closes every session gracefully.
 */
public final class WebAppLifecycle implements ServletContextListener {

    /** Where JSR 356 puts the container's {@link ServerContainer} in the servlet context. */
    private static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";

    private static final Logger LOG = Logger.getLogger(WebAppLifecycle.class.getName());

    private volatile ServerRuntime runtime;
    private final AtomicBoolean stopped = new AtomicBoolean();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        List<String> unknown = SettingsReader.unknown(Collections.list(context.getInitParameterNames()));
        if (!unknown.isEmpty()) {
            LOG.warning(() -> "ignored context parameters that are no ws-commands setting (misspelt?): "
                    + String.join(", ", unknown));
        }
        ServerSettings settings = SettingsReader.read(context::getInitParameter);
        SecuritySettings security = SettingsReader.readSecurity(context::getInitParameter);
        runtime = new ServerRuntime(settings, commands(context.getClassLoader()), security);
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
        context.addServlet("ws-commands-undeploy-drain", new UndeployDrain(this::stop)).setLoadOnStartup(0);
        deployEndpoint(context);
        context.log("ws-commands ready at " + context.getContextPath() + "/server");
    }

    /**
     * The commands of this web application: those that {@code META-INF/services} lists in its classes and in
     * every jar of {@code WEB-INF/lib}, and, where the container has CDI, its command beans.
     *
     * @throws CommandLoadException naming the command and its sources, and the deployment fails
     */
    private static CommandCatalog commands(ClassLoader loader) {
        List<RegisteredCommand> services = CommandLoader.fromClassLoader(loader);
        Set<Class<?>> serviceClasses = new HashSet<>();
        services.forEach(command -> serviceClasses.add(command.type()));
        return CommandCatalog.builder().addAll(services).addAll(CdiCommands.find(loader, serviceClasses)).build();
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
        stop();
    }

    /**
     * The graceful shutdown, once: from {@link UndeployDrain} where the container stops servlets before it
     * closes the WebSocket sessions, or here at the latest. Nothing to stop when the start failed (a bad
     * setting, say): that was reported already.
     */
    private void stop() {
        if (runtime != null && stopped.compareAndSet(false, true)) {
            runtime.close();
        }
    }
}
