package dev.wscommands.docs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.docs.Steps.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's TLS walk-through, run as written against the packaged jar: its {@code keytool} and server steps
 * ("tls-server"), then the client's session ("tls-client"), whose output must show the lines the README
 * shows. Two things are put in: a free port for 8443 (the steps are otherwise the same), and one password
 * where the README writes {@code ...} and where {@code keytool} asks for one.
 */
class TlsWalkthroughIT {

    private static final String PASSWORD = "walkthrough-secret";
    private static final Duration STEP = Duration.ofSeconds(60);

    private Process server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            Shell.stop(server);
        }
    }

    @Test
    void theDocumentedKeystoreServerAndClientStepsWorkAsShown() throws Exception {
        Readme readme = Readme.load();
        String port = String.valueOf(Shell.freePort());
        Shell shell = Shell.inFreshDirectory(Path.of("target", "docs", "tls"));
        Files.createDirectories(shell.directory().resolve("target"));
        Files.createSymbolicLink(shell.directory().resolve("target/ws-commands.jar"),
                Path.of("target", "ws-commands.jar").toAbsolutePath());

        List<String> serverSteps = Steps.commands(onPort(readme.block("tls-server"), port));
        String start = serverSteps.get(serverSteps.size() - 1);
        assertTrue(start.startsWith("java -jar target/ws-commands.jar"), "the last step starts the server: " + start);
        for (String step : serverSteps.subList(0, serverSteps.size() - 1)) {
            run(shell, step);
        }
        Path log = shell.directory().resolve("server.log");
        server = shell.start(start, log);
        String documentedReady = "ws-commands serving https://127.0.0.1:8443/ (WebSocket: wss://127.0.0.1:8443/server)";
        assertTrue(Files.readString(Readme.PATH).contains("`" + documentedReady + "`"),
                "the README shows the line the server prints when ready: " + documentedReady);
        String ready = onPort(documentedReady, port);
        await().atMost(STEP).until(() -> Files.readString(log).contains(ready) || !server.isAlive());
        assertTrue(server.isAlive(), () -> "the server exited:\n" + Shell.readLog(log));

        for (Step step : Steps.session(onPort(readme.block("tls-client"), port))) {
            String output = run(shell, step.command());
            String missing = Steps.missing(step.expected(), output);
            assertNull(missing, () -> "$ " + step.command() + "\nshould print\n" + String.join("\n", step.expected())
                    + "\nbut printed\n" + output);
        }
    }

    /** Runs one step; an {@code export} with the README's {@code ...} gets the password. */
    private static String run(Shell shell, String step) {
        if (Shell.isExport(step)) {
            shell.export(step.replace("=...", "=" + PASSWORD));
            return "";
        }
        // keytool asks for a password at most twice per step.
        Shell.Result result = shell.run(step, PASSWORD + "\n" + PASSWORD + "\n", STEP);
        if (step.startsWith("keytool")) {
            assertEquals(0, result.exitCode(), () -> "$ " + step + "\n" + result.output());
        }
        return result.output();
    }

    private static String onPort(String block, String port) {
        assertTrue(block.contains(":8443") || block.contains("--port 8443"), "the walk-through uses port 8443");
        return block.replace("8443", port);
    }

}
