package dev.wscommands.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.settings.RateLimit;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RecordingClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthAndMetricsTest {

    private static final String EJECT = "Eject the hot dog.";
    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private StandaloneServer server;

    private void start(StandaloneSettings settings) throws IOException {
        server = new StandaloneServer(settings);
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(RecordingClient.TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpWithTheNumberOfOpenSessions() throws Exception {
        start(StandaloneSettings.onPort(0));
        try (RecordingClient first = RecordingClient.connect(server.endpoint());
             RecordingClient second = RecordingClient.connect(server.endpoint())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().openSessions() == 2);
            HttpResponse<String> health = get(HTTP_1_1, server.health());
            assertEquals(200, health.statusCode());
            assertEquals("application/json; charset=utf-8", health.headers().firstValue("Content-Type").orElse(null));
            assertTrue(health.body().matches(
                    "\\{\"status\":\"UP\",\"sessions\":2,\"maxConnections\":10000,\"uptimeSeconds\":\\d+,"
                            + "\"commands\":\\[\"Eject the hot dog.\",\"heartbeat\",\"cancel\"],"
                            + "\"replyStore\":\\{\"kind\":\"memory\",\"status\":\"UP\"}}"),
                    health.body());
        }
    }

    @Test
    void healthKeepsItsHeadersWhenTheClientOffersAnHttp2Upgrade() throws Exception {
        start(StandaloneSettings.onPort(0));
        // Java's HttpClient asks for HTTP/2 by default, which on plain HTTP means an "Upgrade: h2c" header.
        HttpResponse<String> health = get(HttpClient.newHttpClient(), server.health());
        assertEquals(200, health.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, health.version());
        assertEquals("application/json; charset=utf-8", health.headers().firstValue("Content-Type").orElse(null));
        assertEquals(String.valueOf(health.body().length()), health.headers().firstValue("Content-Length").orElse(null));
    }

    @Test
    void healthAndHandshakesAnswer503WhileTheServerDrains() throws Exception {
        start(StandaloneSettings.onPort(0));
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().openSessions() == 1);
            // What a graceful shutdown does before the listener closes: the HTTP side keeps answering.
            server.sessions().close();
            assertEquals(1001, client.awaitClose().getCloseCode().getCode());

            HttpResponse<String> health = get(HTTP_1_1, server.health());
            assertEquals(503, health.statusCode());
            assertTrue(health.body().startsWith("{\"status\":\"DRAINING\",\"sessions\":0,"), health.body());
            try (RawWebSocket late = RawWebSocket.connect(server.endpoint())) {
                assertEquals(503, late.status(), "a proxy can pass this handshake to another instance");
            }
            assertEquals(1, Metrics.scrape(server.metrics()).value("ws_commands_sessions_refused_total{reason=\"draining\"}"));
        }
    }

    @Test
    void healthAndMetricsAnswerUnderTheContextPath() throws Exception {
        start(StandaloneSettings.onPort(0).withContextPath("/ws-commands"));
        assertTrue(server.health().getPath().equals("/ws-commands/health"));
        assertEquals(200, get(HTTP_1_1, server.health()).statusCode());
        HttpResponse<String> metrics = get(HTTP_1_1, server.metrics());
        assertEquals(200, metrics.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.headers().firstValue("Content-Type").orElse(null));
        assertTrue(metrics.body().contains("\nws_commands_sessions_open 0.0\n"), metrics.body());
    }

    @Test
    void countersShowEveryRequestByCommandAndOutcome() throws Exception {
        start(StandaloneSettings.onPort(0));
        int ejects = 50;
        int unknown = 7;
        int invalid = 3;
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            for (int id = 0; id < ejects; id++) {
                client.send(MessageJson.write(Message.request(id, EJECT)));
            }
            for (int id = 0; id < unknown; id++) {
                client.send(MessageJson.write(Message.request(id, "Eject the cat " + id + ".")));
            }
            for (int id = 0; id < invalid; id++) {
                client.send("not json " + id);
            }
            for (int i = 0; i < ejects + unknown + invalid; i++) {
                client.next();
            }
            Metrics metrics = Metrics.scrape(server.metrics());
            assertEquals(ejects, metrics.value("ws_commands_replies_total{command=\"Eject the hot dog.\",outcome=\"success\"}"));
            assertEquals(0, metrics.value("ws_commands_replies_total{command=\"Eject the hot dog.\",outcome=\"error\"}"));
            assertEquals(unknown, metrics.value("ws_commands_replies_total{command=\"(unknown)\",outcome=\"error\"}"));
            assertEquals(invalid, metrics.value("ws_commands_replies_total{command=\"(invalid)\",outcome=\"error\"}"));
            assertEquals(invalid, metrics.value("ws_commands_decode_errors_total"));
            int total = ejects + unknown + invalid;
            assertEquals(total, metrics.value("ws_commands_messages_received_total"));
            assertEquals(total, metrics.value("ws_commands_messages_sent_total"));
            assertEquals(total, metrics.sum("ws_commands_request_duration_seconds_count{"));
            assertEquals(ejects, metrics.value("ws_commands_request_duration_seconds_count{command=\"Eject the hot dog.\"}"));
            assertEquals(ejects, metrics.value(
                    "ws_commands_request_duration_seconds_bucket{command=\"Eject the hot dog.\",le=\"+Inf\"}"));
            assertEquals(1, metrics.value("ws_commands_sessions_open"));
            assertEquals(1, metrics.value("ws_commands_sessions_opened_total"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().openSessions() == 0);
        Metrics after = Metrics.scrape(server.metrics());
        assertEquals(1, after.value("ws_commands_sessions_closed_total{code=\"1000\"}"));
        assertEquals(0, after.value("ws_commands_sessions_open"));
    }

    @Test
    void openSessionsGaugeIsBackToZeroAfterAHundredAbruptDisconnects() throws Exception {
        start(StandaloneSettings.onPort(0));
        int count = 100;
        List<RawWebSocket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                RawWebSocket client = RawWebSocket.connect(server.endpoint());
                clients.add(client);
                assertEquals(101, client.status());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> gauge() == count);
            for (RawWebSocket client : clients) {
                client.abort();
            }
            // Read from /metrics, as Prometheus would: the gauge must come down without any ping or timeout.
            await().atMost(Duration.ofSeconds(30)).until(() -> gauge() == 0);
            Metrics metrics = Metrics.scrape(server.metrics());
            assertEquals(count, metrics.value("ws_commands_sessions_opened_total"));
            assertEquals(count, metrics.sum("ws_commands_sessions_closed_total{"));
            System.out.println("closed by code after " + count + " aborts: 1006="
                    + metrics.value("ws_commands_sessions_closed_total{code=\"1006\"}"));
        } finally {
            for (RawWebSocket client : clients) {
                client.close();
            }
        }
    }

    @Test
    void closeCodesShowUnderTheirOwnLabelOrAsOther() throws Exception {
        start(StandaloneSettings.onPort(0));
        // Codes a client may send that Tyrus accepts: it answers 1012 and 1014 from a client with 1002, and 1004,
        // 1005, 1006 and 1015 never travel in a close frame (RFC 6455, 7.4.1); ServerMetricsTest covers those.
        int[] codes = {1000, 1001, 3000, 4000, 4999};
        for (int code : codes) {
            try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().openSessions() == 1);
                client.sendFrame(RawWebSocket.OPCODE_CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
                client.awaitCloseCode();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().openSessions() == 0);
        }
        Metrics metrics = Metrics.scrape(server.metrics());
        assertEquals(1, metrics.value("ws_commands_sessions_closed_total{code=\"1000\"}"));
        assertEquals(1, metrics.value("ws_commands_sessions_closed_total{code=\"1001\"}"));
        assertEquals(3, metrics.value("ws_commands_sessions_closed_total{code=\"other\"}"));
        assertEquals(codes.length, metrics.sum("ws_commands_sessions_closed_total{"));
    }

    private double gauge() throws IOException, InterruptedException {
        return Metrics.scrape(server.metrics()).value("ws_commands_sessions_open");
    }

    private RawWebSocket connectAnsweringPings() throws IOException {
        RawWebSocket client = RawWebSocket.connect(server.endpoint());
        client.answerPingsInBackground();
        return client;
    }

    @Test
    void pingsRefusalsAndRateLimitAreCounted() throws Exception {
        start(new StandaloneSettings("127.0.0.1", 0, ServerSettings.defaults()
                .withMaxConnections(2, 2)
                .withTimeouts(Duration.ofSeconds(1), Duration.ZERO)
                .withRateLimit(RateLimit.parse("10/s"))));
        try (RawWebSocket silent = RawWebSocket.connect(server.endpoint());
             RawWebSocket limited = connectAnsweringPings()) {
            // Sessions are admitted when the server has opened them, which may come after the handshake.
            await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().openSessions() == 2);
            countPingsRefusalsAndRateLimit(limited);
        }
    }

    private void countPingsRefusalsAndRateLimit(RawWebSocket limited) throws Exception {
        try (RawWebSocket extra = connectAnsweringPings();
             RawWebSocket foreign = RawWebSocket.connect(server.endpoint(), null, "https://elsewhere.example")) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Metrics.scrape(server.metrics()).value("ws_commands_sessions_refused_total{reason=\"max-connections\"}") == 1);
            assertEquals(403, foreign.status());
            // One write of 15 requests: past the burst of 10, some are refused with an error reply.
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int id = 1; id <= 15; id++) {
                burst.writeBytes(RawWebSocket.frame(RawWebSocket.OPCODE_TEXT,
                        ("{\"RequestID\":" + id + ",\"Command\":\"heartbeat\"}").getBytes(StandardCharsets.UTF_8)));
            }
            limited.write(burst.toByteArray());
            // The silent client never answers a ping: it is closed at the second one.
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Metrics.scrape(server.metrics()).value("ws_commands_pongs_missed_total") == 1);
            Metrics metrics = Metrics.scrape(server.metrics());
            assertTrue(metrics.value("ws_commands_pings_sent_total") >= 2);
            assertEquals(1, metrics.value("ws_commands_sessions_refused_total{reason=\"max-connections\"}"));
            assertEquals(1, metrics.value("ws_commands_sessions_refused_total{reason=\"origin\"}"));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Metrics.scrape(server.metrics()).value("ws_commands_messages_received_total") == 15);
            assertTrue(Metrics.scrape(server.metrics()).value("ws_commands_requests_rate_limited_total") >= 1);
        }
    }
}
