package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RecordingClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The warm-up before the port opens leaves no trace in the real server's sessions, metrics, health or log. */
class WarmUpTest {

    private static final String EJECT = "Eject the hot dog.";

    private final Logger service = Logger.getLogger("dev.wscommands");
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (service.isLoggable(record.getLevel())) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private StandaloneServer server;

    @BeforeEach
    void recordLog() {
        recorder.setLevel(Level.ALL);
        service.addHandler(recorder);
    }

    @AfterEach
    void stop() {
        service.removeHandler(recorder);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void warmUpLeavesNoSessionMetricOrLogLineBehind() throws Exception {
        server = new StandaloneServer(StandaloneSettings.onPort(0)).warmingUp();
        server.start();

        assertTrue(logged.stream().anyMatch(r -> r.getMessage().startsWith("warmed up in")),
                "the warm-up ran and said so: " + messages());
        assertFalse(logged.stream().anyMatch(r -> r.getMessage().startsWith("session ")),
                "no session of the warm-up in the log: " + messages());

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.health()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().startsWith("{\"status\":\"UP\",\"sessions\":0,"), health.body());
        assertFalse(health.body().contains("warm-up"), "the warm-up's own command is not listed: " + health.body());

        Metrics before = Metrics.scrape(server.metrics());
        assertEquals(0, before.value("ws_commands_sessions_opened_total"));
        assertEquals(0, before.value("ws_commands_messages_received_total"));
        assertEquals(0, before.value("ws_commands_messages_sent_total"));
        assertEquals(0, before.sum("ws_commands_request_duration_seconds_count{"));

        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            client.send(MessageJson.write(Message.request(1, EJECT)));
            assertTrue(client.next().contains("\"Success\":true"));
        }
        Metrics after = Metrics.scrape(server.metrics());
        assertEquals(1, after.value("ws_commands_sessions_opened_total"), "the server's own requests count");
        assertEquals(1, after.value("ws_commands_messages_received_total"));
    }

    private String messages() {
        return logged.stream().map(LogRecord::getMessage).toList().toString();
    }
}
