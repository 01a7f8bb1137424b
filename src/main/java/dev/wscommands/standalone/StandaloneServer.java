package dev.wscommands.standalone;

import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.server.ServerRuntime;
import dev.wscommands.session.SessionRegistry;
import dev.wscommands.settings.SecuritySettings;
import dev.wscommands.websocket.CommandEndpointConfigurator;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.time.Duration;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.spi.ServerContainer;

/**
 * The service without an application server: one Grizzly HTTP listener that serves the static site at
 * {@code /}, the command endpoint at {@code /server}, and {@code /health} and {@code /metrics}, with Tyrus as
 * the WebSocket implementation. With a {@linkplain StandaloneSettings#contextPath() context path} all move
 * under it, as in a container; with {@linkplain StandaloneSettings#tls() TLS settings} it speaks TLS only.
 *
 * <pre>{@code
 * try (StandaloneServer server = new StandaloneServer(settings)) {
 *     server.start();
 *     URI endpoint = server.endpoint();
 * }
 * }</pre>
 */
public final class StandaloneServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StandaloneServer.class.getName());
    private static final String LISTENER = "ws-commands";
    private static final String MANAGEMENT_LISTENER = "ws-commands-management";
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final StandaloneSettings settings;
    private final CommandCatalog commands;
    private final SecuritySettings security;
    private ServerRuntime runtime;
    private HttpServer http;
    private HttpConnectionGate gate;
    private HttpServer management;
    private HttpConnectionGate managementGate;
    private ServerContainer webSockets;
    private boolean warmUp;

    /** A server that answers the built-in commands. */
    public StandaloneServer(StandaloneSettings settings) {
        this(settings, CommandCatalog.builtIn());
    }

    /** A server that answers {@code commands}. */
    public StandaloneServer(StandaloneSettings settings, CommandCatalog commands) {
        this(settings, commands, SecuritySettings.defaults());
    }

    /** A server that answers {@code commands} to the callers {@code security} admits. */
    public StandaloneServer(StandaloneSettings settings, CommandCatalog commands, SecuritySettings security) {
        this.settings = settings;
        this.commands = commands;
        this.security = security;
    }

    /**
     * Has {@link #start()} warm the request path up before it opens the port, so that the first request is
     * answered as fast as later ones; see {@link WarmUp}. Costs a fraction of a second at start.
     */
    public StandaloneServer warmingUp() {
        this.warmUp = true;
        return this;
    }

    /**
     * Binds the port and starts serving. The endpoint is registered before the port opens, so the first
     * connection already finds it.
     *
     * @throws IOException when the port cannot be bound, or the TLS keystore cannot be used
     */
    public synchronized void start() throws IOException {
        if (runtime != null) {
            throw new IllegalStateException("already started");
        }
        runtime = new ServerRuntime(settings.server(), commands, security);
        if (warmUp) {
            WarmUp.run(settings, runtime);
        }
        try {
            String contextPath = settings.contextPath();
            webSockets = new EmbeddedWebSocketContainer(runtime, contextPath);
            webSockets.addEndpoint(CommandEndpointConfigurator.endpointConfig(runtime));
            webSockets.start(contextPath, settings.port());

            gate = new HttpConnectionGate(settings.http(), runtime.metrics(), settings.server().sendTimeout());
            http = httpServer(LISTENER, settings.host(), settings.port(), gate);
            NetworkListener listener = http.getListener(LISTENER);
            if (settings.tls().isPresent()) {
                listener.setSecure(true);
                listener.setSSLEngineConfig(settings.tls().get().engineConfigurator());
            }
            listener.registerAddOn(webSocketAddOn(webSockets, contextPath));
            listener.registerAddOn(new UpgradedConnectionFilter.Install());
            ServerConfiguration handlers = http.getServerConfiguration();
            if (settings.management().isPresent()) {
                StandaloneSettings.Management address = settings.management().get();
                managementGate = new HttpConnectionGate(settings.http(), runtime.metrics(),
                        settings.server().sendTimeout());
                management = httpServer(MANAGEMENT_LISTENER, address.host(), address.port(), managementGate);
                addOperations(management.getServerConfiguration(), "");
                management.getServerConfiguration().addHttpHandler(new NotFoundHandler(),
                        HttpHandlerRegistration.builder().contextPath("").urlPattern("/").build());
                management.start();
            } else {
                addOperations(handlers, handlerContext(contextPath));
            }
            handlers.addHttpHandler(new StaticSiteHandler(),
                    HttpHandlerRegistration.builder().contextPath(handlerContext(contextPath)).urlPattern("/").build());
            http.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } catch (DeploymentException e) {
            close();
            throw new IOException("cannot deploy the endpoint: " + e.getMessage(), e);
        }
        OpenPortWarning.of(settings.host(), security.authenticationOn()).ifPresent(LOG::warning);
        LOG.info(() -> "ws-commands listening on " + uri() + " (WebSocket endpoint " + endpoint() + ")"
                + (management == null ? "" : "; health and metrics on " + health().resolve("/")));
    }

    /**
     * A Grizzly HTTP server with one listener and the HTTP edge in its filter chain, not yet started. Our
     * handlers are short and never block, so they run on the selector thread that read the request: this costs
     * about a quarter less CPU per request than handing each to a worker pool.
     */
    private static HttpServer httpServer(String name, String host, int port, HttpConnectionGate gate) {
        HttpServer server = new HttpServer();
        NetworkListener listener = new NetworkListener(name, host, port);
        listener.getTransport().setIOStrategy(SameThreadIOStrategy.getInstance());
        // Grizzly's keep-alive timeout would also drop idle WebSocket connections after 30 s; the gate times
        // connections until they upgrade instead.
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        // The site is served from memory by our own handler, with its headers; a cache would bypass both.
        listener.getFileCache().setEnabled(false);
        listener.registerAddOn(new HttpEdgeAddOn(gate));
        server.addListener(listener);
        // Errors Grizzly answers itself carry its name and version by default.
        server.getServerConfiguration().setDefaultErrorPageGenerator(PlainErrorPage.INSTANCE);
        return server;
    }

    private void addOperations(ServerConfiguration handlers, String context) {
        handlers.addHttpHandler(new OperationsHandler(runtime, OperationsHandler.Kind.HEALTH),
                HttpHandlerRegistration.builder().contextPath(context).urlPattern("/health").build());
        handlers.addHttpHandler(new OperationsHandler(runtime, OperationsHandler.Kind.METRICS),
                HttpHandlerRegistration.builder().contextPath(context).urlPattern("/metrics").build());
    }

    /** The port actually bound; useful when the settings asked for an ephemeral one (0). */
    public int port() {
        if (http == null) {
            throw new IllegalStateException("not started");
        }
        return http.getListener(LISTENER).getPort();
    }

    /**
     * The server's base URI, {@code http://host:port/} ({@code https://} with TLS; with the context path, when
     * there is one).
     */
    public URI uri() {
        String scheme = settings.tls().isPresent() ? "https" : "http";
        return URI.create(scheme + "://" + hostForUri(settings.host()) + ":" + port() + base());
    }

    /**
     * The WebSocket endpoint, {@code ws://host:port/server} ({@code wss://} with TLS; with the context path,
     * when there is one).
     */
    public URI endpoint() {
        String scheme = settings.tls().isPresent() ? "wss" : "ws";
        return URI.create(scheme + "://" + hostForUri(settings.host()) + ":" + port() + base() + "server");
    }

    /**
     * The health check, {@code http://host:port/health} (under the context path, when there is one), or on the
     * management listener when there is one.
     */
    public URI health() {
        return operations().resolve("health");
    }

    /** The Prometheus metrics, beside {@link #health()}. */
    public URI metrics() {
        return operations().resolve("metrics");
    }

    private URI operations() {
        if (management == null) {
            return uri();
        }
        return URI.create("http://" + hostForUri(settings.management().get().host()) + ":"
                + management.getListener(MANAGEMENT_LISTENER).getPort() + "/");
    }

    /** The context path with a trailing slash: {@code /} or {@code /ws-commands/}. */
    private String base() {
        String contextPath = settings.contextPath();
        return contextPath.endsWith("/") ? contextPath : contextPath + "/";
    }

    /** Grizzly's name for the root context is the empty string. */
    private static String handlerContext(String contextPath) {
        return contextPath.equals(StandaloneSettings.ROOT_CONTEXT) ? "" : contextPath;
    }

    /** The sessions of this server. */
    public SessionRegistry sessions() {
        if (runtime == null) {
            throw new IllegalStateException("not started");
        }
        return runtime.sessions();
    }

    /**
     * Graceful shutdown: refuses new sessions, lets replies already queued be written (up to the shutdown
     * timeout), closes every session with 1001 (going away), then stops listening. Safe to call more than once.
     */
    @Override
    public synchronized void close() {
        if (runtime == null) {
            return;
        }
        runtime.close();
        if (http != null) {
            // Let the close frames just sent reach the clients, and their answers come back, before the
            // sockets go.
            runtime.sessions().awaitClosed(CLOSE_GRACE);
            http.shutdownNow();
            http = null;
        }
        if (webSockets != null) {
            webSockets.stop();
            webSockets = null;
        }
        if (gate != null) {
            gate.close();
            gate = null;
        }
        if (management != null) {
            management.shutdownNow();
            management = null;
        }
        if (managementGate != null) {
            managementGate.close();
            managementGate = null;
        }
        runtime = null;
    }

    private static String hostForUri(String host) {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /**
     * Tyrus's add-on that puts its WebSocket filter in front of the HTTP handlers. Its constructor is not
     * public (Tyrus expects its own Grizzly container to create it, which binds every interface and has no
     * handler for class-path content), so it is called reflectively; a Tyrus upgrade that changes it fails
     * here, at start, and in every test.
     */
    private static AddOn webSocketAddOn(ServerContainer container, String contextPath) {
        try {
            Constructor<WebSocketAddOn> constructor =
                    WebSocketAddOn.class.getDeclaredConstructor(ServerContainer.class, String.class);
            constructor.setAccessible(true);
            return constructor.newInstance(container, contextPath);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unsupported Tyrus version: " + e, e);
        }
    }
}
