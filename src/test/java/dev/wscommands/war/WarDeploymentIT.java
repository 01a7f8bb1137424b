package dev.wscommands.war;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RecordingClient;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * The one built WAR speaks the protocol end to end in every real container the build deployed it to (see the
 * Cargo block in pom.xml). One case per container; within it every check runs, so a report lists all that
 * a container got wrong.
 */
class WarDeploymentIT {

    private static final Logger LOG = Logger.getLogger(WarDeploymentIT.class.getName());

    private static final String EJECT = "Eject the hot dog.";
    private static final String EJECTED = "The hot dog left the castle as requested.";

    static List<DeployedWar> containers() {
        return DeployedWar.fromSystemProperty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void servesTheProtocolFromTheWar(DeployedWar war) {
        assertAll(war.container(),
                () -> servesTheStaticPage(war),
                () -> sendsTheSiteHeaders(war),
                () -> repliesToTheSeedRequestByteForByte(war),
                () -> answersAThousandSequentialRequestsOnOneConnection(war),
                () -> answersMalformedInputWithAnErrorAndKeepsServing(war),
                () -> answersTextJustBelowTheLimit(war),
                () -> closesOversizedTextWith1009(war),
                () -> closesOversizedMultiByteTextWith1009(war),
                () -> closesBinaryWith1003(war),
                () -> refusesAForeignOrigin(war),
                () -> answersAResendOfANamedClientFromItsFirstRun(war),
                () -> reportsHealthAndCountsRequestsInMetrics(war));
        LOG.info(() -> war.container() + ": every check passed at " + war.endpoint());
    }

    @Test
    void honoursAContextParameterSetByTheDeployer() throws Exception {
        // Tomcat 11 is deployed with src/test/containers/tomcat/ws-commands.xml: max-connections-per-address 4.
        DeployedWar war = new DeployedWar("Apache Tomcat 11 (deployer override)",
                Integer.getInteger("ws-commands.it.override-port"));
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                RawWebSocket client = RawWebSocket.connect(war.endpoint());
                open.add(client);
                client.sendText("{\"RequestID\":" + i + ",\"Command\":\"heartbeat\"}");
                assertEquals(i, MessageJson.read(client.readText()).requestId());
            }
            try (RawWebSocket fifth = RawWebSocket.connect(war.endpoint())) {
                assertEquals(CloseCodes.TRY_AGAIN_LATER.getCode(), fifth.awaitCloseCode());
            }
        } finally {
            for (RawWebSocket client : open) {
                client.close();
            }
        }
    }

    private static void reportsHealthAndCountsRequestsInMetrics(DeployedWar war) throws Exception {
        URI base = war.page();
        HttpResponse<String> health = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(base.resolve("health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), "status of " + base.resolve("health"));
        assertTrue(health.body().startsWith("{\"status\":\"UP\""), "health: " + health.body());

        String replies = "ws_commands_replies_total{command=\"heartbeat\",outcome=\"success\"}";
        double before = Metrics.scrape(base.resolve("metrics")).value(replies);
        try (RecordingClient client = RecordingClient.connect(war.endpoint())) {
            for (int id = 1; id <= 25; id++) {
                client.send(MessageJson.write(Message.request(id, "heartbeat")));
                assertEquals(id, MessageJson.read(client.next()).requestId());
            }
        }
        // A reply is counted just after it is written: the last one may reach the client first.
        double expected = before + 25;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> Metrics.scrape(base.resolve("metrics")).value(replies) >= expected);
        assertEquals(expected, Metrics.scrape(base.resolve("metrics")).value(replies), 0.0, replies);
    }

    private static void refusesAForeignOrigin(DeployedWar war) throws Exception {
        try (RawWebSocket evil = RawWebSocket.connect(war.endpoint(), null, "http://evil.example")) {
            assertEquals(403, evil.status(), "handshake status for Origin http://evil.example");
        }
        try (RawWebSocket own = RawWebSocket.connect(war.endpoint(), null, "http://127.0.0.1:" + war.port())) {
            assertEquals(101, own.status(), "handshake status for the WAR's own origin");
        }
    }

    /** The container's handshake passes the Client-Id on (header or query parameter), or refuses a bad one with 400. */
    private static void answersAResendOfANamedClientFromItsFirstRun(DeployedWar war) throws Exception {
        try (RawWebSocket bad = RawWebSocket.connect(war.endpoint(), null, null, java.util.Map.of("Client-Id", "bad id"))) {
            assertEquals(400, bad.status(), "handshake status for a malformed Client-Id");
        }
        String id = java.util.UUID.randomUUID().toString();
        String first;
        try (RawWebSocket client = RawWebSocket.connect(war.endpoint(), null, null, java.util.Map.of("Client-Id", id))) {
            assertEquals(101, client.status());
            client.sendText("{\"RequestID\":1,\"Command\":\"Eject the hot dog.\"}");
            first = client.readText();
        }
        try (RawWebSocket client = RawWebSocket.connect(URI.create(war.endpoint() + "?client-id=" + id))) {
            assertEquals(101, client.status());
            client.sendText("{\"RequestID\":1,\"Command\":\"Eject the hot dog.\"}");
            assertEquals(first, client.readText(), "the resend's reply");
            client.sendText("{\"RequestID\":1,\"Command\":\"heartbeat\"}");
            assertTrue(client.readText().contains("RequestID 1 was already used by this client for another request"),
                    "the same RequestID for another command");
        }
    }

    private static void servesTheStaticPage(DeployedWar war) throws Exception {
        HttpResponse<String> page = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(war.page()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "status of " + war.page());
        String contentType = page.headers().firstValue("Content-Type").orElse("");
        assertTrue(contentType.startsWith("text/html"), "Content-Type of " + war.page() + ": " + contentType);
        assertTrue(page.body().contains("ws-commands"), "the page names the service");
    }

    /** The same headers as the standalone server's (see {@code HttpEdgeTest}), from every container. */
    private static void sendsTheSiteHeaders(DeployedWar war) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(war.page()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse("").toLowerCase()
                .replace(";charset", "; charset"), "Content-Type of " + war.page());
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""), "nosniff");
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""), "Referrer-Policy");
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self'"),
                "Content-Security-Policy: " + policy);
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(war.page().resolve("console.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        String scriptType = script.headers().firstValue("Content-Type").orElse("").toLowerCase();
        assertTrue(scriptType.endsWith("charset=utf-8"), "Content-Type of console.js: " + scriptType);
        assertEquals("nosniff", script.headers().firstValue("X-Content-Type-Options").orElse(""), "nosniff on console.js");
    }

    private static void repliesToTheSeedRequestByteForByte(DeployedWar war) throws Exception {
        try (RecordingClient client = RecordingClient.connect(war.endpoint())) {
            client.send("{\"RequestID\":7,\"Command\":\"Eject the hot dog.\",\"SomeOtherThing\":\"\",\"Success\":false}");
            assertEquals("{\"RequestID\":7,\"Command\":\"\",\"SomeOtherThing\":\"" + EJECTED + "\",\"Success\":true}",
                    client.next(), "reply to the seed request");
        }
    }

    private static void answersAThousandSequentialRequestsOnOneConnection(DeployedWar war) throws Exception {
        try (RecordingClient client = RecordingClient.connect(war.endpoint())) {
            for (int id = 1; id <= 1_000; id++) {
                client.send(MessageJson.write(Message.request(id, EJECT)));
                assertEquals(Message.success(id, EJECTED), MessageJson.read(client.next()), "reply to request " + id);
            }
            assertTrue(client.isOpen(), "the connection stays open after 1,000 requests");
        }
    }

    private static void answersMalformedInputWithAnErrorAndKeepsServing(DeployedWar war) throws Exception {
        try (RecordingClient client = RecordingClient.connect(war.endpoint())) {
            client.send("this is not JSON");
            assertEquals("{\"RequestID\":0,\"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":false,"
                    + "\"Error\":\"invalid request: not valid JSON\"}", nextReply(client), "reply to malformed input");
            client.send(MessageJson.write(Message.request(8, EJECT)));
            assertEquals(Message.success(8, EJECTED), MessageJson.read(client.next()),
                    "reply to a request after malformed input");
        }
    }

    private static void answersTextJustBelowTheLimit(DeployedWar war) throws Exception {
        // 60 KiB is under the WAR's max-message-size (65536): a container's smaller default must not apply.
        try (RecordingClient client = RecordingClient.connect(war.endpoint())) {
            String padding = "x".repeat(60 * 1024);
            client.send("{\"RequestID\":3,\"Command\":\"heartbeat\",\"SomeOtherThing\":\"" + padding + "\"}");
            assertEquals(Message.success(3, ""), MessageJson.read(client.next()), "reply to a 60 KiB request");
        }
    }

    private static void closesOversizedTextWith1009(DeployedWar war) throws Exception {
        try (RecordingClient client = RecordingClient.connect(war.endpoint())) {
            client.send("{\"Command\":\"" + "x".repeat(70 * 1024) + "\"}");
            assertEquals(CloseCodes.TOO_BIG.getCode(), closeCode(client), "close code after a 70 KiB text message");
        }
    }

    /**
     * In bytes, as the standalone server counts: 30,000 three-byte characters are 90,000 bytes, over the WAR's
     * 65,536, though far fewer characters than a container's text buffer (counted in characters) holds.
     */
    private static void closesOversizedMultiByteTextWith1009(DeployedWar war) throws Exception {
        try (RecordingClient client = RecordingClient.connect(war.endpoint())) {
            client.send("{\"Command\":\"" + "\u20ac".repeat(30_000) + "\"}");
            assertEquals(CloseCodes.TOO_BIG.getCode(), closeCode(client),
                    "close code after 30,000 euro signs (90,000 bytes)");
        }
    }

    private static void closesBinaryWith1003(DeployedWar war) throws Exception {
        try (RecordingClient client = RecordingClient.connect(war.endpoint())) {
            client.sendBinary(new byte[] {1, 2, 3});
            assertEquals(CloseCodes.CANNOT_ACCEPT.getCode(), closeCode(client), "close code after a binary message");
        }
        // Over a container's default binary buffer (8 KiB in Tomcat, which closes with 1009 past it).
        try (RecordingClient client = RecordingClient.connect(war.endpoint())) {
            client.sendBinary(new byte[16 * 1024]);
            assertEquals(CloseCodes.CANNOT_ACCEPT.getCode(), closeCode(client), "close code after a 16 KiB binary message");
        }
    }

    /** The next reply; when none comes, a failure that says whether and how the container closed instead. */
    private static String nextReply(RecordingClient client) throws Exception {
        try {
            return client.next();
        } catch (AssertionFailedError noReply) {
            String closed = client.isOpen() ? "the connection is still open"
                    : "the connection was closed with " + describe(client.awaitClose());
            throw new AssertionFailedError("no reply within " + RecordingClient.TIMEOUT + "; " + closed, noReply);
        }
    }

    /** The close code the container sent; when it did not close, a failure that shows what it sent instead. */
    private static int closeCode(RecordingClient client) throws Exception {
        try {
            return client.awaitClose().getCloseCode().getCode();
        } catch (TimeoutException notClosed) {
            String sent = client.pending() == 0 ? "nothing" : client.pending() + " message(s), the first: "
                    + abbreviate(client.next());
            throw new AssertionFailedError("the connection is still open after " + RecordingClient.TIMEOUT
                    + "; the container sent " + sent, notClosed);
        }
    }

    private static String describe(CloseReason reason) {
        return reason.getCloseCode().getCode() + " \"" + reason.getReasonPhrase() + "\"";
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "… (" + text.length() + " chars)";
    }
}
