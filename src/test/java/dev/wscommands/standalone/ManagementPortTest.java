package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /health} and {@code /metrics} on a management port of their own, and then not on the public one. */
class ManagementPortTest {

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;

    @BeforeEach
    void start() throws Exception {
        server = running.start(new StandaloneSettings(StandaloneSettings.DEFAULT_HOST, 0, ServerSettings.defaults())
                .withManagement(new StandaloneSettings.Management("127.0.0.1", 0)));
    }

    @Test
    void healthAndMetricsAreServedOnTheManagementPortOnly() throws Exception {
        assertNotEquals(server.port(), server.health().getPort());
        RawHttp.Answer health = get(server.health().getPort(), "/health");
        assertEquals(200, health.status());
        assertTrue(health.body().startsWith("{\"status\":\"UP\""), health.body());
        RawHttp.Answer metrics = get(server.metrics().getPort(), "/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("ws_commands_sessions_open"), "metrics");

        assertEquals(404, get(server.port(), "/health").status());
        assertEquals(404, get(server.port(), "/metrics").status());
    }

    @Test
    void theManagementPortServesNothingElse() throws Exception {
        int management = server.health().getPort();
        assertEquals(404, get(management, "/").status());
        assertEquals(404, get(management, "/index.html").status());
        assertEquals(404, get(management, "/server").status());
        try (RawWebSocket session = RawWebSocket.connect(server.endpoint())) {
            session.sendText(MessageJson.write(Message.request(1, "heartbeat")));
            assertEquals(Message.success(1, ""), MessageJson.read(session.readText()));
        }
    }

    private static RawHttp.Answer get(int port, String path) throws Exception {
        return RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }
}
