package dev.wscommands.standalone;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.docs.Readme;
import dev.wscommands.docs.Shell;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** README's management port example, run with the packaged jar as written (on free loopback ports). */
class ManagementPortIT {

    @Test
    void theDocumentedManagementPortServesHealthAndTheMainPortDoesNot() throws Exception {
        int port = freePort();
        int management = freePort();
        // Changed from the block: free ports for the documented 8080 and 9090, and loopback for 0.0.0.0 (tests
        // open nothing beyond this machine).
        String run = Readme.load().block("management-port")
                .replace("--host 0.0.0.0", "--host 127.0.0.1")
                .replace("--port 8080", "--port " + port)
                .replace("--management-port 9090", "--management-port " + management);
        Path log = Files.createDirectories(Path.of("target", "management-port-it")).resolve("server.log");
        Process server = new Shell(Path.of("")).start(run, log);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                String now = Files.exists(log) ? Files.readString(log) : "";
                if (!server.isAlive()) {
                    throw new AssertionError("the server stopped: " + now);
                }
                return now.contains("ws-commands serving");
            });
            RawHttp.Answer health = RawHttp.exchange(management,
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertEquals(200, health.status());
            assertTrue(health.body().startsWith("{\"status\":\"UP\""), health.body());
            assertEquals(404, RawHttp.exchange(port,
                    "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status());
        } finally {
            Shell.stop(server);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
