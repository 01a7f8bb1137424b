package dev.wscommands.testing;

import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.settings.SecuritySettings;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Standalone servers on ephemeral loopback ports for one test, started exactly as production starts them
 * and closed after the test: {@code @RegisterExtension final RunningServer server = new RunningServer();}.
 * Each {@code start} starts one more server; all of them are closed.
 */
public final class RunningServer implements AfterEachCallback {

    private final List<StandaloneServer> servers = new ArrayList<>();

    /** Starts a server with {@code settings}. */
    public StandaloneServer start(ServerSettings settings) throws IOException {
        return start(new StandaloneSettings(StandaloneSettings.DEFAULT_HOST, 0, settings));
    }

    /** Starts a server with {@code settings}, e.g. with TLS, beside any started before. */
    public StandaloneServer start(StandaloneSettings settings) throws IOException {
        return start(settings, CommandCatalog.builtIn());
    }

    /** Starts a server with {@code settings} that answers {@code commands}. */
    public StandaloneServer start(ServerSettings settings, CommandCatalog commands) throws IOException {
        return start(new StandaloneSettings(StandaloneSettings.DEFAULT_HOST, 0, settings), commands);
    }

    /** Starts a server with {@code settings} that answers {@code commands} to the callers {@code security} admits. */
    public StandaloneServer start(ServerSettings settings, CommandCatalog commands, SecuritySettings security)
            throws IOException {
        StandaloneServer server = new StandaloneServer(new StandaloneSettings(StandaloneSettings.DEFAULT_HOST, 0,
                settings), commands, security);
        servers.add(server);
        server.start();
        return server;
    }

    private StandaloneServer start(StandaloneSettings settings, CommandCatalog commands) throws IOException {
        StandaloneServer server = new StandaloneServer(settings, commands);
        servers.add(server);
        server.start();
        return server;
    }

    /** Starts a server with the default settings. */
    public StandaloneServer start() throws IOException {
        return start(ServerSettings.defaults());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        servers.forEach(StandaloneServer::close);
        servers.clear();
    }
}
