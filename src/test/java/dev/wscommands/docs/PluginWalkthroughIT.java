package dev.wscommands.docs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.RecordingClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's "Writing a command", followed as written: in a copy of this project, install the library, build
 * the example plug-in against it with its own pom, and run the standalone server with it.
 */
class PluginWalkthroughIT {

    private static final Path WORK = Path.of("target", "plugin-walkthrough");
    private static final Pattern READY = Pattern.compile("WebSocket: (ws://\\S+)\\)");

    @Test
    void aPluginBuiltAsDocumentedAnswersInTheStandaloneServer() throws Exception {
        Shell shell = Shell.inFreshDirectory(WORK);
        copyProject(shell.directory());
        Readme readme = Readme.load();
        shell.runOk(readme.block("build-plugin"), Duration.ofMinutes(20));
        assertTrue(Files.isRegularFile(shell.directory().resolve("examples/commands/target/example-commands.jar")));

        // The documented port, 8080, may be taken on a test machine: the one change made to the block.
        String run = readme.block("run-plugin").replace("--port 8080", "--port " + Shell.freePort());
        Path log = shell.directory().resolve("server.log");
        Process server = shell.start(run, log);
        try {
            URI endpoint = awaitEndpoint(log, server);
            try (RecordingClient client = RecordingClient.connect(endpoint)) {
                client.send(MessageJson.write(new Message(1, "echo", "as documented", false, null)));
                assertEquals(Message.success(1, "as documented"), MessageJson.read(client.next()));
                client.send(MessageJson.write(Message.request(2, "reject")));
                assertEquals(Message.failure(2, "rejected as requested"), MessageJson.read(client.next()));
            }
            assertTrue(Files.readString(log).contains(
                    "\"echo\" (com.example.commands.EchoCommand from example-commands.jar)"), Files.readString(log));
        } finally {
            Shell.stop(server);
        }
    }

    /** What the build needs, as a user's checkout has it; not target/ (this build's own output). */
    private static void copyProject(Path into) throws IOException {
        for (String entry : List.of("pom.xml", "src", "webapp", "examples")) {
            Path from = Path.of(entry);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.filter(f -> !f.toString().contains("/target")).toList()) {
                    Path to = into.resolve(file.toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(to);
                    } else {
                        Files.createDirectories(to.getParent());
                        Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static URI awaitEndpoint(Path log, Process server) {
        String text = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    String now = Files.exists(log) ? Files.readString(log) : "";
                    if (!server.isAlive()) {
                        throw new AssertionError("the server stopped: " + now);
                    }
                    return now;
                }, now -> READY.matcher(now).find());
        Matcher ready = READY.matcher(text);
        ready.find();
        return URI.create(ready.group(1));
    }
}
