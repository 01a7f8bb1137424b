package dev.wscommands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OriginCheckTest {

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;

    private void start(List<String> allowedOrigins) throws IOException {
        server = running.start(ServerSettings.defaults().withAllowedOrigins(allowedOrigins));
    }

    private int handshake(String origin) throws IOException {
        try (RawWebSocket client = RawWebSocket.connect(server.endpoint(), null, origin)) {
            return client.status();
        }
    }

    @Test
    void refusesAForeignOriginAndAllowsItsOwnAndNone() throws IOException {
        start(List.of());
        assertEquals(403, handshake("http://evil.example"));
        assertEquals(403, handshake("http://127.0.0.1:" + (server.port() + 1)));
        assertEquals(403, handshake("null"));
        assertEquals(101, handshake("http://127.0.0.1:" + server.port()));
        assertEquals(101, handshake(null));
    }

    @Test
    void allowsConfiguredOrigins() throws IOException {
        start(List.of("https://console.example.com"));
        assertEquals(101, handshake("https://console.example.com"));
        assertEquals(403, handshake("https://other.example.com"));
    }

    @Test
    void starAllowsAnyOrigin() throws IOException {
        start(List.of("*"));
        assertEquals(101, handshake("http://evil.example"));
    }
}
