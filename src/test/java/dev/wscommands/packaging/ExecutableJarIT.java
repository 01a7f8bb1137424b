package dev.wscommands.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.RecordingClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The packaged jar starts with {@code java -jar}, serves, and stops cleanly on SIGTERM. */
class ExecutableJarIT {

    private static final Pattern READY = Pattern.compile("WebSocket: (ws://\\S+)\\)");

    @Test
    void startsServesAndStopsOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-jar", "target/ws-commands.jar", "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            CompletableFuture<URI> ready = CompletableFuture.supplyAsync(() -> readEndpoint(server));
            URI endpoint = ready.get(30, TimeUnit.SECONDS);
            try (RecordingClient client = RecordingClient.connect(endpoint)) {
                client.send(MessageJson.write(Message.request(1, "Eject the hot dog.")));
                assertEquals(Message.success(1, "The hot dog left the castle as requested."),
                        MessageJson.read(client.next()));
            }
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "server did not stop on SIGTERM");
            // The JVM reports death by SIGTERM as 143 even when shutdown hooks ran to completion.
            assertTrue(server.exitValue() == 0 || server.exitValue() == 143, "exit " + server.exitValue());
        } finally {
            server.destroyForcibly();
        }
    }

    private static URI readEndpoint(Process server) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    return URI.create(ready.group(1));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("server exited before it was ready");
    }
}
