package dev.wscommands.testing;

import dev.wscommands.settings.SettingsReader;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A standalone server with {@link EchoCommand} in a JVM of its own, for tests that must see what a heap of a
 * given size survives: {@code start("-Xmx96m", Map.of("send-timeout", "5s"))}. The server prints its endpoint,
 * serves until its standard input closes, then shuts down; its log goes to a file the test reads.
 */
public final class ForkedServer implements AutoCloseable {

    private static final String READY = "endpoint ";

    private final Process process;
    private final Path log;
    private final java.net.URI endpoint;

    private ForkedServer(Process process, Path log, java.net.URI endpoint) {
        this.process = process;
        this.log = log;
        this.endpoint = endpoint;
    }

    /** Starts the server in a JVM with {@code jvmOption} and these settings (names as the README writes them). */
    public static ForkedServer start(String jvmOption, Map<String, String> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                jvmOption, "-cp", System.getProperty("java.class.path"), ForkedServer.class.getName()));
        settings.forEach((name, value) -> command.add(name + "=" + value));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        StringBuilder line = new StringBuilder();
        InputStream out = process.getInputStream();
        for (int b = out.read(); b >= 0 && b != '\n'; b = out.read()) {
            line.append((char) b);
        }
        if (!line.toString().startsWith(READY)) {
            process.destroyForcibly();
            throw new IOException("the forked server did not start: " + line);
        }
        return new ForkedServer(process, log, java.net.URI.create(line.substring(READY.length())));
    }

    public java.net.URI endpoint() {
        return endpoint;
    }

    public java.net.URI metrics() {
        return endpoint.resolve("/metrics");
    }

    /** Whether the JVM still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** The server's log so far. */
    public String log() throws IOException {
        return java.nio.file.Files.readString(log);
    }

    /** Shuts the server down (its standard input closes) and waits for its JVM to end. */
    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            values.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        try (StandaloneServer server = new StandaloneServer(new StandaloneSettings(StandaloneSettings.DEFAULT_HOST, 0,
                SettingsReader.read(values::get)), EchoCommand.catalog())) {
            server.start();
            System.out.println(READY + server.endpoint());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the test closes our standard input
            }
        }
    }
}
