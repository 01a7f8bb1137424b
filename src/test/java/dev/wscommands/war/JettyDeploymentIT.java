package dev.wscommands.war;

import static dev.wscommands.war.MessageSizeProbe.ANSWERED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.docs.Readme;
import dev.wscommands.docs.Shell;
import dev.wscommands.docs.Steps;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's Jetty 12 steps, run as written with the Jetty distribution the build uses: the Jetty base made
 * and started by the documented commands ("jetty-base"), then the two documented override files
 * ("jetty-context-file", "jetty-override-descriptor") put where the README says and Jetty restarted. The one
 * things put in are {@code jetty.http.port}, the README's own way to change the port, set to a free one, and
 * {@code jetty.http.host} to keep the test on the loopback address.
 */
class JettyDeploymentIT {

    /** Set by the war-containers profile: the jetty-home that Cargo unpacked. */
    static final String JETTY_HOME_PROPERTY = "ws-commands.it.jetty-home";
    private static final int DEFAULT_LIMIT = 65536;
    private static final int OVERRIDDEN_LIMIT = 131072;

    private Process jetty;

    @AfterEach
    void stopJetty() throws InterruptedException {
        if (jetty != null) {
            Shell.stop(jetty);
        }
    }

    @Test
    void deploysAsDocumentedAndTheOverrideAppliesAfterARestart() throws Exception {
        Readme readme = Readme.load();
        int port = LocalServer.freePort();
        URI endpoint = URI.create("ws://127.0.0.1:" + port + "/ws-commands/server");
        Shell shell = Shell.inFreshDirectory(Path.of("target", "docs", "jetty")).set("JETTY_HOME", jettyHome().toString());
        Files.createDirectories(shell.directory().resolve("target"));
        Files.createSymbolicLink(shell.directory().resolve("target/ws-commands.war"),
                Path.of("target", "ws-commands.war").toAbsolutePath());

        List<String> steps = Steps.commands(readme.block("jetty-base"));
        // Jetty listens on every address by default; a test keeps to the loopback one.
        String start = steps.get(steps.size() - 1) + " jetty.http.host=127.0.0.1 jetty.http.port=" + port;
        assertTrue(start.startsWith("java -jar $JETTY_HOME/start.jar"), "the last step starts Jetty: " + start);
        List<String> script = new ArrayList<>(steps.subList(0, steps.size() - 1));
        script.add(start);
        jetty = startAndAwait(shell, String.join("\n", script), port, shell.directory().resolve("jetty-1.log"));
        assertEquals("closed with 1009", MessageSizeProbe.outcome(endpoint, DEFAULT_LIMIT + 1024),
                "a message over the WAR's own limit, before the override");
        assertEquals(ANSWERED, MessageSizeProbe.outcome(endpoint, DEFAULT_LIMIT - 1024), "a message under it");
        Shell.stop(jetty);

        Path base = shell.directory().resolve("jetty-base");
        Files.writeString(base.resolve("webapps/ws-commands.xml"), readme.block("jetty-context-file"));
        Files.createDirectories(base.resolve("etc"));
        Files.writeString(base.resolve("etc/ws-commands-override.xml"), readme.block("jetty-override-descriptor"));
        jetty = startAndAwait(new Shell(base).set("JETTY_HOME", jettyHome().toString()), start, port,
                shell.directory().resolve("jetty-2.log"));
        assertEquals(ANSWERED, MessageSizeProbe.outcome(endpoint, DEFAULT_LIMIT + 1024),
                "a message over the WAR's own limit, under the override's " + OVERRIDDEN_LIMIT);
        assertEquals("closed with 1009", MessageSizeProbe.outcome(endpoint, OVERRIDDEN_LIMIT + 1024),
                "a message over the override's limit");
    }

    /** Runs the script that ends in Jetty's start, and waits until the WAR's page answers. */
    private static Process startAndAwait(Shell shell, String script, int port, Path log) {
        Process process = shell.start(script, log);
        LocalServer.awaitPage(port, process::isAlive, "Jetty", log);
        return process;
    }

    private static Path jettyHome() {
        String home = System.getProperty(JETTY_HOME_PROPERTY, "");
        assertTrue(!home.isBlank() && Files.isRegularFile(Path.of(home, "start.jar")),
                "-D" + JETTY_HOME_PROPERTY + " should name an unpacked jetty-home (the war-containers profile sets it), was \""
                        + home + "\"");
        return Path.of(home).toAbsolutePath();
    }
}
