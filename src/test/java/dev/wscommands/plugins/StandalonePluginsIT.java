package dev.wscommands.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.RecordingClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plug-in, target/example-commands.jar, loaded by {@code java -jar target/ws-commands.jar --commands
 * DIR} from a directory: its four commands answer as documented, beside the built-in ones.
 */
class StandalonePluginsIT {

    private static final String SECRET = "secret-token-1234";

    @TempDir
    static Path work;

    private static JarProcess server;
    private static URI endpoint;

    @BeforeAll
    static void startWithTheExamplePlugin() throws Exception {
        Path plugins = Files.createDirectory(work.resolve("plugins"));
        Files.copy(Path.of("target", "example-commands.jar"), plugins.resolve("example-commands.jar"));
        server = JarProcess.start(work.resolve("server.log"), "--port", "0", "--commands", plugins.toString());
        endpoint = server.awaitEndpoint();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Message ask(String command, String argument) throws Exception {
        try (RecordingClient client = RecordingClient.connect(endpoint)) {
            client.send(MessageJson.write(new Message(7, command, argument, false, null)));
            String reply = client.next();
            assertFalse(reply.contains(SECRET), reply);
            return MessageJson.read(reply);
        }
    }

    @Test
    void echoRepliesWithItsArgumentUnchanged() throws Exception {
        assertEquals(Message.success(7, "  two  spaces, \"quotes\", ü and 😀 "), ask("echo", "  two  spaces, \"quotes\", ü and 😀 "));
        assertEquals(Message.success(7, ""), ask("echo", ""));
    }

    @Test
    void sleepSleepsThenSaysHowLong() throws Exception {
        long start = System.nanoTime();
        assertEquals(Message.success(7, "slept 300 ms"), ask("sleep", "300"));
        assertTrue(System.nanoTime() - start >= 300_000_000L, "answered before it slept");
        assertEquals(Message.success(7, "slept 0 ms"), ask("sleep", "0"));
    }

    @Test
    void sleepRefusesAnArgumentOutsideItsRange() throws Exception {
        String refusal = "sleep needs a whole number of milliseconds from 0 to 60000";
        assertEquals(Message.failure(7, refusal), ask("sleep", "60001"));
        assertEquals(Message.failure(7, refusal), ask("sleep", "-1"));
        assertEquals(Message.failure(7, refusal), ask("sleep", "soon"));
    }

    @Test
    void failGivesTheClientAGenericErrorAndTheLogTheStackTraceOnce() throws Exception {
        assertEquals(Message.failure(7, "command failed"), ask("fail", ""));
        // The same connection's next request is answered: a failure ends one command, not the connection.
        try (RecordingClient client = RecordingClient.connect(endpoint)) {
            client.send(MessageJson.write(new Message(8, "fail", "", false, null)));
            client.send(MessageJson.write(new Message(9, "echo", "still here", false, null)));
            assertEquals(java.util.Set.of(Message.failure(8, "command failed"), Message.success(9, "still here")),
                    java.util.Set.of(MessageJson.read(client.next()), MessageJson.read(client.next())));
        }
        String log = server.stderr();
        assertEquals(2, count(log, "java.lang.IllegalStateException: internal detail: " + SECRET), log);
        assertEquals(2, count(log, "com.example.commands.FailCommand.execute(FailCommand.java:"), log);
    }

    @Test
    void rejectGivesTheClientItsMessage() throws Exception {
        assertEquals(Message.failure(7, "rejected as requested"), ask("reject", ""));
    }

    @Test
    void theBuiltInCommandsStillAnswer() throws Exception {
        assertEquals(Message.success(7, "The hot dog left the castle as requested."), ask("Eject the hot dog.", ""));
        assertEquals(Message.success(7, ""), ask("heartbeat", ""));
    }

    @Test
    void theStartupLogNamesEachPluginCommandAndItsJar() throws Exception {
        String log = server.stderr();
        for (String command : new String[] {"echo", "sleep", "fail", "reject"}) {
            assertTrue(Pattern.compile("\"" + command + "\"[^,]*example-commands\\.jar").matcher(log).find(),
                    command + " in: " + log);
        }
    }

    private static int count(String text, String part) {
        int found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            found++;
        }
        return found;
    }
}
