package dev.wscommands.server;

import dev.wscommands.auth.Authenticator;
import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.commands.CommandDispatcher;
import dev.wscommands.commands.CommandPermissions;
import dev.wscommands.dedupe.Deduplicator;
import dev.wscommands.dedupe.StoreStatus;
import dev.wscommands.operations.HealthReport;
import dev.wscommands.operations.ServerMetrics;
import dev.wscommands.session.OriginPolicy;
import dev.wscommands.session.SessionRegistry;
import dev.wscommands.settings.SecuritySettings;
import dev.wscommands.settings.ServerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What every session of one running server shares: its settings, its command dispatcher, its session
 * registry, its origin policy and its metrics. The host (the standalone server, or the WAR's servlet context
 * listener) creates one per server and hands it to the endpoint's configurator and its HTTP handlers; any
 * number of them can run side by side in one JVM.
 */
public final class ServerRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServerRuntime.class.getName());

    private final ServerSettings settings;
    private final CommandDispatcher dispatcher;
    private final SessionRegistry sessions;
    private final OriginPolicy origins;
    private final ServerMetrics metrics;
    private final CommandPermissions permissions;
    private final Optional<Authenticator> authenticator;
    private final long startedAt = System.nanoTime();

    /** A server that answers the commands of {@code catalog}, within {@code settings}, without authentication. */
    public ServerRuntime(ServerSettings settings, CommandCatalog catalog) {
        this(settings, catalog, SecuritySettings.defaults());
    }

    /**
     * A server that answers the commands of {@code catalog} within {@code settings}, to callers that
     * {@code security} admits.
     *
     * @throws IllegalArgumentException when {@code security} names a command that {@code catalog} does not have,
     *                                  or a key file cannot be used
     */
    public ServerRuntime(ServerSettings settings, CommandCatalog catalog, SecuritySettings security) {
        this.settings = settings;
        this.metrics = new ServerMetrics(catalog.names());
        this.permissions = CommandPermissions.of(catalog, security.commandRoles());
        this.authenticator = Authenticator.of(security);
        this.dispatcher = new CommandDispatcher(catalog, settings, metrics, permissions);
        this.sessions = new SessionRegistry(settings, dispatcher, metrics);
        this.metrics.watch(sessions::openSessions);
        Deduplicator deduplicator = dispatcher.deduplicator();
        this.metrics.watchReplies(new DedupeMeters(deduplicator));
        this.origins = new OriginPolicy(settings.allowedOrigins());
        LOG.info(() -> "commands: " + catalog.describe());
        String restricted = permissions.describe();
        if (!restricted.isEmpty()) {
            LOG.info(() -> "who may run what: " + restricted);
        }
    }

    public ServerSettings settings() {
        return settings;
    }

    public CommandDispatcher dispatcher() {
        return dispatcher;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public OriginPolicy origins() {
        return origins;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** What admits a handshake, when authentication is on; empty when it is off. */
    public Optional<Authenticator> authenticator() {
        return authenticator;
    }

    /** Who may run which command. */
    public CommandPermissions permissions() {
        return permissions;
    }

    /** The answer to {@code GET /health} now. */
    public HealthReport health() {
        StoreStatus store = dispatcher.deduplicator().status();
        return new HealthReport(sessions.draining(), sessions.openSessions(), settings.maxConnections(),
                Duration.ofNanos(System.nanoTime() - startedAt), List.copyOf(dispatcher.commands()), store.kind(),
                store.up());
    }

    /** Graceful shutdown of every session; see {@link SessionRegistry#close()}. */
    @Override
    public void close() {
        sessions.close();
        dispatcher.close();
        metrics.close();
    }
}
