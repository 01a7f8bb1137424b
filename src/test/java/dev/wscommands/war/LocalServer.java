package dev.wscommands.war;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** What the ITs that start a container by the README's commands share: a free port, readiness, the log. */
final class LocalServer {

    static final Duration START = Duration.ofSeconds(120);

    private LocalServer() {
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the WAR's page on {@code port} answers 200; fails with the log when {@code alive} turns false. */
    static void awaitPage(int port, BooleanSupplier alive, String container, Path log) {
        URI page = URI.create("http://127.0.0.1:" + port + "/ws-commands/");
        await().atMost(START).pollInterval(Duration.ofMillis(250))
                .until(() -> status(page) == 200 || !alive.getAsBoolean());
        assertTrue(alive.getAsBoolean(), () -> container + " exited (log " + log + "):\n" + summary(log));
    }

    private static int status(URI page) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The log's first errors and its last lines: what a failure report needs from a long stack trace. */
    static String summary(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> errors = lines.stream()
                    .filter(line -> line.contains("ERROR") || line.contains("SEVERE") || line.startsWith("Caused by"))
                    .limit(5).toList();
            return String.join("\n", errors) + "\n...\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
