package dev.wscommands.war;

import static dev.wscommands.war.MessageSizeProbe.ANSWERED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.docs.Readme;
import dev.wscommands.docs.Shell;
import dev.wscommands.docs.Steps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's Tomcat steps, run as written with a copy of the Tomcat 11 distribution the build uses: the WAR
 * copied into {@code webapps/} and Tomcat started ("tomcat-deploy"), then the documented context file
 * ("tomcat-context-file") put in {@code conf/Catalina/localhost/} and Tomcat restarted. Only the copy's
 * {@code server.xml} is changed first: a free HTTP port on 127.0.0.1 and no shutdown port, where Tomcat's
 * defaults are fixed ports.
 */
class TomcatDeploymentIT {

    private static final int DEFAULT_LIMIT = 65536;
    private static final int OVERRIDDEN_LIMIT = 131072;

    private Path pidFile;

    @AfterEach
    void stopTomcat() throws InterruptedException {
        if (pidFile != null) {
            stop();
        }
    }

    @Test
    void deploysAsDocumentedAndTheContextFileAppliesAfterARestart() throws Exception {
        Readme readme = Readme.load();
        int port = LocalServer.freePort();
        URI endpoint = URI.create("ws://127.0.0.1:" + port + "/ws-commands/server");
        Shell shell = Shell.inFreshDirectory(Path.of("target", "docs", "tomcat"));
        Path home = copyOfTomcat(shell.directory().resolve("apache-tomcat"), port);
        pidFile = shell.directory().resolve("tomcat.pid");
        shell.set("CATALINA_HOME", home.toString()).set("CATALINA_PID", pidFile.toString());
        Files.createDirectories(shell.directory().resolve("target"));
        Files.createSymbolicLink(shell.directory().resolve("target/ws-commands.war"),
                Path.of("target", "ws-commands.war").toAbsolutePath());
        Path log = home.resolve("logs/catalina.out");

        List<String> steps = Steps.commands(readme.block("tomcat-deploy"));
        String start = steps.get(steps.size() - 1);
        assertTrue(start.equals("$CATALINA_HOME/bin/startup.sh"), "the last step starts Tomcat: " + start);
        shell.runOk(String.join("\n", steps), Duration.ofSeconds(60));
        LocalServer.awaitPage(port, this::running, "Tomcat", log);
        assertEquals("closed with 1009", MessageSizeProbe.outcome(endpoint, DEFAULT_LIMIT + 1024),
                "a message over the WAR's own limit, before the context file");

        Path contextFile = home.resolve("conf/Catalina/localhost/ws-commands.xml");
        Files.createDirectories(contextFile.getParent());
        Files.writeString(contextFile, readme.block("tomcat-context-file"));
        stop();
        shell.runOk(start, Duration.ofSeconds(60));
        LocalServer.awaitPage(port, this::running, "Tomcat", log);
        assertEquals(ANSWERED, MessageSizeProbe.outcome(endpoint, DEFAULT_LIMIT + 1024),
                "a message over the WAR's own limit, under the context file's " + OVERRIDDEN_LIMIT);
        assertEquals("closed with 1009", MessageSizeProbe.outcome(endpoint, OVERRIDDEN_LIMIT + 1024),
                "a message over the context file's limit");
    }

    private Optional<ProcessHandle> tomcat() {
        try {
            return Files.exists(pidFile) ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean running() {
        return tomcat().map(ProcessHandle::isAlive).orElse(true);
    }

    /** SIGTERM, as {@code shutdown.sh} would ask through the shutdown port this copy has not got. */
    private void stop() throws InterruptedException {
        Optional<ProcessHandle> tomcat = tomcat();
        if (tomcat.isPresent()) {
            tomcat.get().destroy();
            tomcat.get().onExit().completeOnTimeout(tomcat.get(), 30, TimeUnit.SECONDS).join();
            tomcat.get().destroyForcibly();
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the unpacked distribution, listening on {@code port} at 127.0.0.1 only. */
    static Path copyOfTomcat(Path copy, int port) throws IOException {
        String property = System.getProperty("ws-commands.it.tomcat-home", "");
        Path original = Path.of(property);
        assertTrue(!property.isBlank() && Files.isRegularFile(original.resolve("bin/catalina.sh")),
                "-Dws-commands.it.tomcat-home should name an unpacked Tomcat (the war-containers profile sets it), was \""
                        + property + "\"");
        try (Stream<Path> files = Files.walk(original)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(original.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        try (Stream<Path> scripts = Files.list(copy.resolve("bin"))) {
            // tar keeps the scripts' execute bits; Cargo's unpacking does not.
            scripts.filter(file -> file.toString().endsWith(".sh")).forEach(file -> file.toFile().setExecutable(true));
        }
        Path serverXml = copy.resolve("conf/server.xml");
        String server = Files.readString(serverXml);
        server = replaceFirst(server, "<Server port=\"8005\"", "<Server port=\"-1\"");
        server = replaceFirst(server, "<Connector port=\"8080\"", "<Connector port=\"" + port + "\" address=\"127.0.0.1\"");
        Files.writeString(serverXml, server);
        return copy.toAbsolutePath();
    }

    private static String replaceFirst(String text, String target, String replacement) {
        int at = text.indexOf(target);
        assertTrue(at >= 0, "server.xml should hold " + target);
        return text.substring(0, at) + replacement + text.substring(at + target.length());
    }
}
