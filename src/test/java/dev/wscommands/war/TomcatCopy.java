package dev.wscommands.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A copy of Tomcat 11 ({@link TomcatDeploymentIT#copyOfTomcat}) on a free port, running the WAR with the example
 * plug-in and some of its context parameters changed in its {@code web.xml}; {@link #close()} stops it.
 */
final class TomcatCopy implements AutoCloseable {

    private final Path directory;
    private final Path home;
    private final int port;
    private final Path pidFile;

    private TomcatCopy(Path directory, Path home, int port) {
        this.directory = directory;
        this.home = home;
        this.port = port;
        this.pidFile = directory.resolve("tomcat.pid");
    }

    /**
     * Starts a fresh copy in {@code target/NAME}, its {@code server.xml} passed through {@code serverXml} first, and
     * waits until the WAR's page answers.
     */
    static TomcatCopy start(String name, Map<String, String> parameters, UnaryOperator<String> serverXml)
            throws Exception {
        int port = LocalServer.freePort();
        Path directory = Path.of("target", name).toAbsolutePath();
        deleteTree(directory);
        Files.createDirectories(directory);
        Path home = TomcatDeploymentIT.copyOfTomcat(directory.resolve("apache-tomcat"), port);
        Path server = home.resolve("conf/server.xml");
        Files.writeString(server, serverXml.apply(Files.readString(server)));
        Path war = home.resolve("webapps/ws-commands.war");
        Files.copy(Path.of("target", "ws-commands.war"), war);
        try (FileSystem zip = FileSystems.newFileSystem(war)) {
            Files.copy(Path.of("target", "example-commands.jar"), zip.getPath("WEB-INF/lib/example-commands.jar"));
            Path webXml = zip.getPath("WEB-INF/web.xml");
            Files.writeString(webXml, withParameters(Files.readString(webXml), parameters));
        }
        TomcatCopy tomcat = new TomcatCopy(directory, home, port);
        ProcessBuilder start = new ProcessBuilder(home.resolve("bin/catalina.sh").toString(), "start")
                .redirectErrorStream(true).redirectOutput(directory.resolve("start.out").toFile());
        start.environment().put("CATALINA_HOME", home.toString());
        start.environment().put("CATALINA_PID", tomcat.pidFile.toString());
        assertEquals(0, start.start().waitFor());
        LocalServer.awaitPage(port, tomcat::running, "Tomcat", tomcat.log());
        return tomcat;
    }

    int port() {
        return port;
    }

    Path home() {
        return home;
    }

    Path log() {
        return home.resolve("logs/catalina.out");
    }

    Optional<ProcessHandle> process() {
        try {
            return Files.exists(pidFile) ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether it runs, or has not yet written its pid. */
    boolean running() {
        return process().map(ProcessHandle::isAlive).orElse(true);
    }

    /** SIGTERM, as {@code shutdown.sh} would ask through the shutdown port this copy has not got. */
    @Override
    public void close() {
        Optional<ProcessHandle> tomcat = process();
        if (tomcat.isPresent()) {
            tomcat.get().destroy();
            tomcat.get().onExit().completeOnTimeout(tomcat.get(), 30, TimeUnit.SECONDS).join();
            tomcat.get().destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "Tomcat in " + directory;
    }

    private static String withParameters(String webXml, Map<String, String> parameters) {
        String text = webXml;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String name = "<param-name>" + parameter.getKey() + "</param-name><param-value>";
            int at = text.indexOf(name);
            assertTrue(at >= 0, "web.xml declares " + parameter.getKey());
            int end = text.indexOf("</param-value>", at);
            text = text.substring(0, at + name.length()) + parameter.getValue() + text.substring(end);
        }
        return text;
    }

    private static void deleteTree(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
