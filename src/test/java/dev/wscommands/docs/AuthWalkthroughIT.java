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
 * The README's authentication walk-through, run as written against the packaged jar and the example plug-in:
 * its secret and server steps ("auth-server"), then the client's session ("auth-client"), whose output must
 * show the lines the README shows. One thing is put in: a free port for 8080. The server's log must not hold
 * the token nor the secret.
 */
class AuthWalkthroughIT {

    private static final Duration STEP = Duration.ofSeconds(60);

    private Process server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            Shell.stop(server);
        }
    }

    @Test
    void theDocumentedSecretServerTokenAndClientStepsWorkAsShown() throws Exception {
        Readme readme = Readme.load();
        String port = String.valueOf(Shell.freePort());
        Shell shell = Shell.inFreshDirectory(Path.of("target", "docs", "auth"));
        Files.createDirectories(shell.directory().resolve("target"));
        for (String jar : List.of("ws-commands.jar", "example-commands.jar")) {
            Files.createSymbolicLink(shell.directory().resolve("target").resolve(jar),
                    Path.of("target", jar).toAbsolutePath());
        }

        List<String> serverSteps = Steps.commands(onPort(readme.block("auth-server"), port));
        String start = serverSteps.get(serverSteps.size() - 1);
        assertTrue(start.startsWith("java -jar target/ws-commands.jar"), "the last step starts the server: " + start);
        for (String step : serverSteps.subList(0, serverSteps.size() - 1)) {
            Shell.Result result = shell.run(step, "", STEP);
            assertEquals(0, result.exitCode(), () -> "$ " + step + "\n" + result.output());
        }
        Path log = shell.directory().resolve("server.log");
        server = shell.start(start, log);
        String ready = "ws-commands serving http://127.0.0.1:" + port + "/";
        await().atMost(STEP).until(() -> Files.readString(log).contains(ready) || !server.isAlive());
        assertTrue(server.isAlive(), () -> "the server exited:\n" + Shell.readLog(log));

        for (Step step : Steps.session(onPort(readme.block("auth-client"), port))) {
            String output = shell.run(step.command(), "", STEP).output();
            String missing = Steps.missing(step.expected(), output);
            assertNull(missing, () -> "$ " + step.command() + "\nshould print\n" + String.join("\n", step.expected())
                    + "\nbut printed\n" + output);
        }

        String token = Files.readString(shell.directory().resolve("alice.token")).strip();
        String secret = Files.readString(shell.directory().resolve("s.key")).strip();
        String serverLog = Shell.readLog(log);
        assertTrue(serverLog.contains("forbidden: caller alice from 127.0.0.1 may not run \"purge\""), serverLog);
        assertTrue(serverLog.contains("refused with 401: no token"), serverLog);
        assertTrue(!serverLog.contains(token) && !serverLog.contains(token.substring(token.lastIndexOf('.') + 1))
                && !serverLog.contains(secret), "neither the token nor the secret is in the server's log");
    }

    private static String onPort(String block, String port) {
        assertTrue(block.contains("8080"), "the walk-through uses port 8080");
        return block.replace("8080", port);
    }

}
