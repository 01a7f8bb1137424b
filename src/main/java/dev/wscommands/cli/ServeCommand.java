package dev.wscommands.cli;

import dev.wscommands.auth.Authenticator;
import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.commands.CommandLoadException;
import dev.wscommands.commands.CommandLoader;
import dev.wscommands.commands.CommandPermissions;
import dev.wscommands.settings.SecuritySettings;
import dev.wscommands.settings.SettingsReader;
import dev.wscommands.standalone.HttpLimits;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import dev.wscommands.standalone.TlsSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Runs the standalone server until Ctrl-C or SIGTERM. Every flag may also be given as an environment
 * variable, {@code WS_COMMANDS_} followed by the flag's name in upper case with {@code _} for {@code -}
 * ({@code --port} is {@code WS_COMMANDS_PORT}); a flag wins over the variable.
 */
@Command(name = "ws-commands", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serves the command channel at ws://HOST:PORT/server and the web console at http://HOST:PORT/.",
        sortOptions = false)
final class ServeCommand implements Callable<Integer> {

    static final String ENV_PREFIX = "WS_COMMANDS_";
    /** The exit status of a start refused for its settings or its commands. */
    static final int INVALID_SETTINGS = 2;
    /** The keystore password comes from here only: a flag would show it in the process list. */
    static final String TLS_PASSWORD_VARIABLE = "WS_COMMANDS_TLS_KEYSTORE_PASSWORD";
    /** The parent of every logger of the service. */
    static final String SERVICE_LOGGER = "dev.wscommands";

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).",
            defaultValue = "${env:WS_COMMANDS_HOST:-" + StandaloneSettings.DEFAULT_HOST + "}")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:WS_COMMANDS_PORT:-" + StandaloneSettings.DEFAULT_PORT + "}")
    int port;

    // The server settings' flags. A default shown in "(default: ...)" is ServerSettings' own, repeated for the help;
    // SettingDefaultsTest fails when one differs.
    private final Map<String, String> serverFlags = new HashMap<>();

    @Option(names = "--max-message-size", paramLabel = "BYTES",
            description = "Largest text message; larger ones close with 1009 (default: 65536).")
    void maxMessageSize(String value) {
        serverFlags.put(SettingsReader.MAX_MESSAGE_SIZE, value);
    }

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Open connections at most; more are closed with 1013 (default: 10000).")
    void maxConnections(String value) {
        serverFlags.put(SettingsReader.MAX_CONNECTIONS, value);
    }

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            description = "Open connections per client address at most; more are closed with 1013 (default: 256).")
    void maxConnectionsPerAddress(String value) {
        serverFlags.put(SettingsReader.MAX_CONNECTIONS_PER_ADDRESS, value);
    }

    @Option(names = "--allowed-origins", paramLabel = "ORIGINS",
            description = "Comma-separated browser origins allowed besides the server's own; * allows any "
                    + "(default: none).")
    void allowedOrigins(String value) {
        serverFlags.put(SettingsReader.ALLOWED_ORIGINS, value);
    }

    @Option(names = "--rate-limit", paramLabel = "RATE",
            description = "Requests per connection, like 500/s; over it: error replies, far over it: close "
                    + "with 1008 (default: off).")
    void rateLimit(String value) {
        serverFlags.put(SettingsReader.RATE_LIMIT, value);
    }

    @Option(names = "--ping-interval", paramLabel = "DURATION",
            description = "Ping every session this often; no pong by the next ping closes it; 0 disables "
                    + "(default: 30s).")
    void pingInterval(String value) {
        serverFlags.put(SettingsReader.PING_INTERVAL, value);
    }

    @Option(names = "--idle-timeout", paramLabel = "DURATION",
            description = "Close sessions that sent nothing for this long; 0 disables (default: 5m).")
    void idleTimeout(String value) {
        serverFlags.put(SettingsReader.IDLE_TIMEOUT, value);
    }

    @Option(names = "--max-queued-replies", paramLabel = "N",
            description = "Unwritten replies per client at most; past it the client is closed with 1008 "
                    + "(default: 1024).")
    void maxQueuedReplies(String value) {
        serverFlags.put(SettingsReader.MAX_QUEUED_REPLIES, value);
    }

    @Option(names = "--max-queued-reply-bytes", paramLabel = "BYTES",
            description = "Bytes of unwritten replies per client at most; past it the client is closed with 1008 "
                    + "(default: 1048576).")
    void maxQueuedReplyBytes(String value) {
        serverFlags.put(SettingsReader.MAX_QUEUED_REPLY_BYTES, value);
    }

    @Option(names = "--max-reply-bytes", paramLabel = "BYTES",
            description = "Bytes of unwritten replies of all clients together at most; past it a client with "
                    + "replies already waiting is closed with 1008 (default: 16777216).")
    void maxReplyBytes(String value) {
        serverFlags.put(SettingsReader.MAX_REPLY_BYTES, value);
    }

    @Option(names = "--send-timeout", paramLabel = "DURATION",
            description = "Longest time writing one reply may take before the client is closed with 1008 "
                    + "(default: 10s).")
    void sendTimeout(String value) {
        serverFlags.put(SettingsReader.SEND_TIMEOUT, value);
    }

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION",
            description = "On shutdown, how long to wait for replies in flight (default: 10s).")
    void shutdownTimeout(String value) {
        serverFlags.put(SettingsReader.SHUTDOWN_TIMEOUT, value);
    }

    @Option(names = "--command-timeout", paramLabel = "DURATION",
            description = "A blocking or asynchronous command still running after this is cancelled and answered "
                    + "with a timeout error (default: 30s).")
    void commandTimeout(String value) {
        serverFlags.put(SettingsReader.COMMAND_TIMEOUT, value);
    }

    @Option(names = "--max-commands-in-flight", paramLabel = "N",
            description = "Blocking and asynchronous commands running at once per connection; more are answered "
                    + "with a busy error (default: 64).")
    void maxCommandsInFlight(String value) {
        serverFlags.put(SettingsReader.MAX_COMMANDS_IN_FLIGHT, value);
    }

    @Option(names = "--command-threads", paramLabel = "N",
            description = "Threads that run blocking commands, for the whole server (default: 64).")
    void commandThreads(String value) {
        serverFlags.put(SettingsReader.COMMAND_THREADS, value);
    }

    @Option(names = "--command-queue", paramLabel = "N",
            description = "Blocking commands waiting for a thread at most; more are answered with a busy error "
                    + "(default: 1024).")
    void commandQueue(String value) {
        serverFlags.put(SettingsReader.COMMAND_QUEUE, value);
    }

    @Option(names = "--jwt-secret-file", paramLabel = "PATH",
            description = "Require a JSON Web Token on every handshake, signed with HS256/384/512 by this file's "
                    + "bytes as they are (at least 32) (default: none).")
    void jwtSecretFile(String value) {
        serverFlags.put(SettingsReader.JWT_SECRET_FILE, value);
    }

    @Option(names = "--jwt-jwks-file", paramLabel = "PATH",
            description = "Require a JSON Web Token on every handshake, signed by an RSA or EC key of this JWKS file, "
                    + "chosen by kid; re-read when it changes (default: none).")
    void jwtJwksFile(String value) {
        serverFlags.put(SettingsReader.JWT_JWKS_FILE, value);
    }

    @Option(names = "--jwt-issuer", paramLabel = "ISSUER",
            description = "The iss every token must have (default: none).")
    void jwtIssuer(String value) {
        serverFlags.put(SettingsReader.JWT_ISSUER, value);
    }

    @Option(names = "--jwt-audience", paramLabel = "AUDIENCE",
            description = "A value the aud of every token must hold (default: none).")
    void jwtAudience(String value) {
        serverFlags.put(SettingsReader.JWT_AUDIENCE, value);
    }

    @Option(names = "--jwt-clock-skew", paramLabel = "DURATION",
            description = "Tolerance on a token's exp and nbf; a connection is closed this long after its token's "
                    + "exp (default: 60s).")
    void jwtClockSkew(String value) {
        serverFlags.put(SettingsReader.JWT_CLOCK_SKEW, value);
    }

    @Option(names = "--jwt-roles-claim", paramLabel = "NAME",
            description = "The token claim that lists the caller's roles (default: groups).")
    void jwtRolesClaim(String value) {
        serverFlags.put(SettingsReader.JWT_ROLES_CLAIM, value);
    }

    @Option(names = "--command-roles", paramLabel = "NAME=ROLE[,ROLE...]",
            description = "Who may run command NAME, over what its class declares: callers with one of the roles, "
                    + "or * for any authenticated caller; repeatable. WS_COMMANDS_COMMAND_ROLES takes several, "
                    + "separated by ';' (default: none).")
    List<String> commandRoles = new ArrayList<>();
    @Option(names = "--dedupe-window", paramLabel = "DURATION",
            description = "How long the reply to a request of a client with a Client-Id is kept for its resends; "
                    + "longer than the command timeout (default: 10m).")
    void dedupeWindow(String value) {
        serverFlags.put(SettingsReader.DEDUPE_WINDOW, value);
    }

    @Option(names = "--dedupe-store", paramLabel = "STORE",
            description = "Where those replies are kept: memory, or redis://HOST:PORT[/DB] or rediss://HOST:PORT[/DB] "
                    + "shared by a fleet; the password only in WS_COMMANDS_DEDUPE_STORE_PASSWORD (default: memory).")
    void dedupeStore(String value) {
        serverFlags.put(SettingsReader.DEDUPE_STORE, value);
    }

    @Option(names = "--dedupe-max-entries", paramLabel = "N",
            description = "Replies the memory store keeps at most (default: 100000).")
    void dedupeMaxEntries(String value) {
        serverFlags.put(SettingsReader.DEDUPE_MAX_ENTRIES, value);
    }

    @Option(names = "--dedupe-max-bytes", paramLabel = "BYTES",
            description = "Bytes of replies the memory store keeps at most (default: 67108864).")
    void dedupeMaxBytes(String value) {
        serverFlags.put(SettingsReader.DEDUPE_MAX_BYTES, value);
    }

    @Option(names = "--commands", paramLabel = "PATH",
            description = "A command plug-in jar, or a directory whose jars are all loaded; repeatable. "
                    + "WS_COMMANDS_COMMANDS takes several, separated by '" + "${sys:path.separator}" + "' "
                    + "(default: the built-in commands only).")
    List<Path> commandPaths = new ArrayList<>();

    @Option(names = "--tls-keystore", paramLabel = "PATH",
            description = "PKCS#12 keystore with the server's key and certificate: serve https:// and wss:// "
                    + "only. Its password is read from the environment variable " + TLS_PASSWORD_VARIABLE
                    + " (default: no TLS).",
            defaultValue = "${env:WS_COMMANDS_TLS_KEYSTORE}")
    Path tlsKeystore;

    @Option(names = "--tls-protocols", paramLabel = "LIST", split = ",",
            description = "TLS versions offered (default: TLSv1.3,TLSv1.2).",
            defaultValue = "${env:WS_COMMANDS_TLS_PROTOCOLS}")
    List<String> tlsProtocols;

    @Option(names = "--tls-cipher-suites", paramLabel = "LIST", split = ",",
            description = "Cipher suites offered, by their Java names, most preferred first (default: TLS 1.3's, "
                    + "and for TLS 1.2 only ECDHE with AES-GCM or ChaCha20-Poly1305).",
            defaultValue = "${env:WS_COMMANDS_TLS_CIPHER_SUITES}")
    List<String> tlsCipherSuites;

    @Option(names = "--request-head-timeout", paramLabel = "DURATION",
            description = "Time a connection has to send a complete request head (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:WS_COMMANDS_REQUEST_HEAD_TIMEOUT:-20s}")
    Duration requestHeadTimeout;

    @Option(names = "--keep-alive-timeout", paramLabel = "DURATION",
            description = "Time an HTTP connection may stay idle between requests (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:WS_COMMANDS_KEEP_ALIVE_TIMEOUT:-20s}")
    Duration keepAliveTimeout;

    @Option(names = "--max-http-connections", paramLabel = "N",
            description = "Connections that are not WebSocket sessions (yet) at most; more are closed at once "
                    + "(default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:WS_COMMANDS_MAX_HTTP_CONNECTIONS:-" + HttpLimits.DEFAULT_MAX_CONNECTIONS + "}")
    int maxHttpConnections;

    @Option(names = "--max-http-connections-per-address", paramLabel = "N",
            description = "Such connections per client address at most (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:WS_COMMANDS_MAX_HTTP_CONNECTIONS_PER_ADDRESS:-"
                    + HttpLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS + "}")
    int maxHttpConnectionsPerAddress;

    @Option(names = "--management-port", paramLabel = "PORT",
            description = "Serve /health and /metrics on this port only, apart from the site and the endpoint; 0 "
                    + "picks a free one (default: on the main port).",
            defaultValue = "${env:WS_COMMANDS_MANAGEMENT_PORT}")
    Integer managementPort;

    @Option(names = "--management-host", paramLabel = "ADDRESS",
            description = "Address of the management port (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:WS_COMMANDS_MANAGEMENT_HOST:-" + StandaloneSettings.DEFAULT_MANAGEMENT_HOST + "}")
    String managementHost;

    @Option(names = "--log-level", paramLabel = "LEVEL", converter = LogLevelConverter.class,
            description = "Level of the service's own log: SEVERE, WARNING, INFO, FINE, FINER, FINEST "
                    + "(default: INFO, from the logging configuration).",
            defaultValue = "${env:WS_COMMANDS_LOG_LEVEL}")
    Level logLevel;

    @Spec
    CommandSpec spec;

    /** Held here because the log manager keeps loggers only weakly, and with them a level set on one. */
    private Logger serviceLogger;

    /** Where the keystore password comes from; tests replace the process environment. */
    Function<String, String> environment = System::getenv;

    @Override
    public Integer call() throws Exception {
        if (logLevel != null) {
            serviceLogger = Logger.getLogger(SERVICE_LOGGER);
            serviceLogger.setLevel(logLevel);
        }
        StandaloneSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException | IOException e) {
            // One line naming the setting or file and the problem; a stack trace would bury it.
            spec.commandLine().getErr().println("ws-commands: " + e.getMessage());
            return INVALID_SETTINGS;
        }
        CommandCatalog commands;
        SecuritySettings security;
        try {
            commands = commands();
            security = SettingsReader.readSecurity(this::securitySetting);
            // Refused here, before anything starts: an override of a command that is not there, a key file that
            // cannot be used.
            CommandPermissions.of(commands, security.commandRoles());
            Authenticator.of(security);
        } catch (CommandLoadException | IllegalArgumentException e) {
            // One line, like every other refusal to start: which command, which jar.
            spec.commandLine().getErr().println("ws-commands: " + e.getMessage());
            return INVALID_SETTINGS;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Warm before the port opens: the first request is then answered as fast as later ones.
        StandaloneServer server = new StandaloneServer(settings, commands, security).warmingUp();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ws-commands-shutdown"));
        try {
            server.start();
        } catch (IOException e) {
            spec.commandLine().getErr().println("ws-commands: cannot start: " + e.getMessage());
            return 1;
        }
        System.out.println("ws-commands serving " + server.uri() + " (WebSocket: " + server.endpoint() + ")");
        stopped.await();
        return 0;
    }

    /**
     * The settings from the flags and the environment; the keystore is loaded here, so that a wrong password or a
     * missing file is reported before anything starts.
     */
    StandaloneSettings settings() throws IOException {
        StandaloneSettings settings = new StandaloneSettings(host, port, SettingsReader.read(this::setting))
                .withHttpLimits(new HttpLimits(requestHeadTimeout, keepAliveTimeout, maxHttpConnections,
                        maxHttpConnectionsPerAddress));
        if (managementPort != null) {
            settings = settings.withManagement(new StandaloneSettings.Management(managementHost, managementPort));
        }
        if (tlsKeystore == null) {
            return settings;
        }
        String password = environment.apply(TLS_PASSWORD_VARIABLE);
        if (password == null) {
            throw new ParameterException(spec.commandLine(),
                    "--tls-keystore needs the keystore password in the environment variable " + TLS_PASSWORD_VARIABLE);
        }
        TlsSettings tls = new TlsSettings(tlsKeystore, password).withOffer(
                tlsProtocols == null ? TlsSettings.DEFAULT_PROTOCOLS : tlsProtocols,
                tlsCipherSuites == null ? TlsSettings.DEFAULT_CIPHER_SUITES : tlsCipherSuites);
        tls.parameters(tls.context());
        return settings.withTls(tls);
    }

    /** Reads a {@link Level} by its name, in any case. */
    static final class LogLevelConverter implements ITypeConverter<Level> {

        @Override
        public Level convert(String value) {
            try {
                return Level.parse(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("not a log level: " + value
                        + " (SEVERE, WARNING, INFO, FINE, FINER, FINEST, ALL or OFF)");
            }
        }
    }

    /** The built-in commands and those of the plug-in jars given by flag, else by environment variable. */
    private CommandCatalog commands() {
        List<Path> paths = commandPaths;
        String variable = System.getenv(ENV_PREFIX + "COMMANDS");
        if (paths.isEmpty() && variable != null && !variable.isBlank()) {
            paths = Arrays.stream(variable.split(File.pathSeparator)).filter(p -> !p.isBlank()).map(Path::of).toList();
        }
        ClassLoader own = ServeCommand.class.getClassLoader();
        return CommandCatalog.builder()
                .addAll(CommandLoader.fromClassLoader(own))
                .addAll(CommandLoader.fromJars(paths, own))
                .build();
    }

    /** A security setting: as {@link #setting}, and a repeated {@code --command-roles} joined with ';'. */
    private String securitySetting(String name) {
        if (name.equals(SettingsReader.COMMAND_ROLES) && !commandRoles.isEmpty()) {
            return String.join(";", commandRoles);
        }
        return setting(name);
    }

    /** A server setting from its flag, else from its environment variable, else {@code null} (the default). */
    private String setting(String name) {
        String flag = serverFlags.get(name);
        return flag != null ? flag : System.getenv(ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
