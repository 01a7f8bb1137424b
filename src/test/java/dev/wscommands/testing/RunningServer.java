package dev.wscommands.testing;

import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A standalone server on an ephemeral loopback port for one test, started exactly as production starts it
 * and closed after the test: {@code @RegisterExtension final RunningServer server = new RunningServer();}.
 */
public final class RunningServer implements AfterEachCallback {

    private StandaloneServer server;

    /** Starts a server with {@code settings}. */
    public StandaloneServer start(ServerSettings settings) throws IOException {
        return start(new StandaloneSettings(StandaloneSettings.DEFAULT_HOST, 0, settings));
    }

    /** Starts a server with {@code settings}, e.g. with TLS; it replaces (without closing) one started before. */
    public StandaloneServer start(StandaloneSettings settings) throws IOException {
        server = new StandaloneServer(settings);
        server.start();
        return server;
    }

    /** Starts a server with the default settings. */
    public StandaloneServer start() throws IOException {
        return start(ServerSettings.defaults());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }
}
