package dev.wscommands.cli;

import dev.wscommands.server.ServerSettings;
import dev.wscommands.server.SettingsReader;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the standalone server until Ctrl-C or SIGTERM. Every flag may also be given as an environment
 * variable, {@code WS_COMMANDS_} followed by the flag's name in upper case ({@code --port} is
 * {@code WS_COMMANDS_PORT}); a flag wins over the variable.
 */
@Command(name = "ws-commands", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serves the command channel at ws://HOST:PORT/server and the web console at http://HOST:PORT/.",
        sortOptions = false)
final class ServeCommand implements Callable<Integer> {

    static final String ENV_PREFIX = "WS_COMMANDS_";

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).",
            defaultValue = "${env:WS_COMMANDS_HOST:-" + StandaloneSettings.DEFAULT_HOST + "}")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:WS_COMMANDS_PORT:-" + StandaloneSettings.DEFAULT_PORT + "}")
    int port;

    @Option(names = "--" + SettingsReader.MAX_MESSAGE_SIZE, paramLabel = "BYTES",
            description = "Largest text message accepted; larger ones close with 1009 (default: "
                    + ServerSettings.DEFAULT_MAX_MESSAGE_SIZE + ").")
    String maxMessageSize;

    @Override
    public Integer call() throws Exception {
        StandaloneSettings settings = new StandaloneSettings(host, port, SettingsReader.read(this::setting));
        CountDownLatch stopped = new CountDownLatch(1);
        StandaloneServer server = new StandaloneServer(settings);
        Thread shutdown = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ws-commands-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        server.start();
        System.out.println("ws-commands serving " + server.uri() + " (WebSocket: " + server.endpoint() + ")");
        stopped.await();
        return 0;
    }

    /** A server setting from its flag, else from its environment variable, else {@code null} (the default). */
    private String setting(String name) {
        Map<String, String> flags = new HashMap<>();
        flags.put(SettingsReader.MAX_MESSAGE_SIZE, maxMessageSize);
        String flag = flags.get(name);
        return flag != null ? flag : System.getenv(ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
