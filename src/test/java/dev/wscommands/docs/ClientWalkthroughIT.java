package dev.wscommands.docs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.docs.Steps.Step;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's client sessions with the example plug-in's commands, run as written against the packaged jar and
 * target/example-commands.jar: the server as "Writing a command" starts it ("run-plugin"), then "client-argument"
 * and "client-stdin", whose output must show the lines the README shows. What is put in: a free port for 8080
 * (the client's default URL gets {@code --url} with it), and a UTF-8 locale, as a user's terminal has.
 */
class ClientWalkthroughIT {

    private static final Duration STEP = Duration.ofSeconds(60);

    private Process server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            Shell.stop(server);
        }
    }

    @Test
    void theDocumentedArgumentAndStdinSessionsPrintWhatTheReadmeShows() throws Exception {
        Readme readme = Readme.load();
        int port = freePort();
        Shell shell = Shell.inFreshDirectory(Path.of("target", "docs", "client"));
        shell.set("LANG", "C.UTF-8");
        link(shell.directory().resolve("target/ws-commands.jar"), Path.of("target", "ws-commands.jar"));
        link(shell.directory().resolve("examples/commands/target/example-commands.jar"),
                Path.of("target", "example-commands.jar"));

        String start = readme.block("run-plugin").strip();
        assertTrue(start.contains("--port 8080"), start);
        Path log = shell.directory().resolve("server.log");
        server = shell.start(start.replace("--port 8080", "--port " + port), log);
        await().atMost(STEP).until(() -> Files.readString(log).contains("listening on") || !server.isAlive());
        assertTrue(server.isAlive(), () -> "the server exited:\n" + read(log));

        String url = "client --url ws://127.0.0.1:" + port + "/server ";
        for (String block : List.of("client-argument", "client-stdin")) {
            for (Step step : Steps.session(readme.block(block))) {
                assertTrue(step.command().contains("client "), step.command());
                String command = step.command().replace("client ", url);
                String output = shell.run(command, "", STEP).output();
                String missing = Steps.missing(step.expected(), output);
                assertNull(missing, () -> "$ " + step.command() + "\nshould print\n"
                        + String.join("\n", step.expected()) + "\nbut printed\n" + output);
            }
        }
    }

    private static void link(Path link, Path target) throws IOException {
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, target.toAbsolutePath());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
