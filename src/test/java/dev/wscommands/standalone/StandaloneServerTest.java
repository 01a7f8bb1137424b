package dev.wscommands.standalone;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RecordingClient;
import dev.wscommands.testing.RunningServer;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StandaloneServerTest {

    private static final String EJECT = "Eject the hot dog.";
    private static final String EJECTED = "The hot dog left the castle as requested.";

    private StandaloneServer server;

    @RegisterExtension
    final RunningServer running = new RunningServer();

    @BeforeEach
    void startServer() throws IOException {
        server = running.start();
    }

    private static String request(long id, String command) {
        return MessageJson.write(Message.request(id, command));
    }

    @Test
    void repliesToTheSeedRequestExactlyAsDocumented() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            client.send("{\"RequestID\":7,\"Command\":\"Eject the hot dog.\",\"SomeOtherThing\":\"\",\"Success\":false}");
            assertEquals("{\"RequestID\":7,\"Command\":\"\",\"SomeOtherThing\":\"" + EJECTED + "\",\"Success\":true}",
                    client.next());
        }
    }

    @Test
    void answersTenThousandSequentialRequestsOnOneConnection() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            for (int id = 1; id <= 10_000; id++) {
                client.send(request(id, EJECT));
                Message reply = MessageJson.read(client.next());
                assertEquals(id, reply.requestId());
                assertTrue(reply.success());
                assertEquals(EJECTED, reply.someOtherThing());
            }
            assertTrue(client.isOpen());
        }
    }

    @Test
    void answersFiftyConnectionsPipeliningTwoHundredRequestsEach() throws Exception {
        int connections = 50;
        int requests = 200;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<Set<Long>>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                long base = c * 1_000_000L;
                results.add(pool.submit(() -> {
                    try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
                        for (int i = 0; i < requests; i++) {
                            client.send(request(base + i, EJECT));
                        }
                        Set<Long> ids = new HashSet<>();
                        for (int i = 0; i < requests; i++) {
                            Message reply = MessageJson.read(client.next());
                            assertTrue(reply.success());
                            ids.add(reply.requestId());
                        }
                        return ids;
                    }
                }));
            }
            for (int c = 0; c < connections; c++) {
                Set<Long> expected = new HashSet<>();
                for (int i = 0; i < requests; i++) {
                    expected.add(c * 1_000_000L + i);
                }
                assertEquals(expected, results.get(c).get(), "replies of connection " + c);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badRequestsGetErrorRepliesAndTheConnectionKeepsServing() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            client.send("this is not JSON");
            assertEquals(Message.failure(0, "invalid request: not valid JSON"), MessageJson.read(client.next()));

            client.send("{\"RequestID\":12,\"Command\":42}");
            assertEquals(Message.failure(12, "invalid request: Command must be a string"),
                    MessageJson.read(client.next()));

            client.send(request(13, "Launch the rocket."));
            Message unknown = MessageJson.read(client.next());
            assertEquals(13, unknown.requestId());
            assertFalse(unknown.success());
            assertTrue(unknown.error().startsWith("unknown command \"Launch the rocket.\""), unknown.error());

            client.send(request(14, EJECT));
            assertEquals(Message.success(14, EJECTED), MessageJson.read(client.next()));
        }
    }

    @Test
    void oversizedTextClosesWith1009AndTheServerServesOthers() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            client.sendRefused("{\"Command\":\"" + "x".repeat(70 * 1024) + "\"}");
            CloseReason reason = client.awaitClose();
            assertEquals(CloseReason.CloseCodes.TOO_BIG.getCode(), reason.getCloseCode().getCode());
        }
        assertServesNewConnection();
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            String part = "x".repeat(30 * 1024);
            client.sendFragmented("{\"Command\":\"" + part, part, part + "\"}");
            assertEquals(CloseReason.CloseCodes.TOO_BIG.getCode(), client.awaitClose().getCloseCode().getCode());
        }
        assertServesNewConnection();
    }

    @Test
    void aFragmentedMessageWithinTheLimitIsAnswered() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            client.sendFragmented("{\"RequestID\":5,", "\"Command\":\"Eject", " the hot dog.\"}");
            assertEquals(Message.success(5, EJECTED), MessageJson.read(client.next()));
        }
    }

    @Test
    void requestsBeforeAnOversizedOneAreStillAnswered() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            client.send(request(1, EJECT));
            client.sendRefused("{\"Command\":\"" + "x".repeat(1024 * 1024) + "\"}");
            assertEquals(Message.success(1, EJECTED), MessageJson.read(client.next()));
            assertEquals(CloseReason.CloseCodes.TOO_BIG.getCode(), client.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void textJustBelowTheLimitIsAnswered() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            String padding = "x".repeat(60 * 1024);
            client.send("{\"RequestID\":3,\"Command\":\"heartbeat\",\"SomeOtherThing\":\"" + padding + "\"}");
            assertEquals(Message.success(3, ""), MessageJson.read(client.next()));
        }
    }

    @Test
    void binaryClosesWith1003AndTheServerServesOthers() throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
            client.sendFrame(RawWebSocket.OPCODE_BINARY, new byte[] {1, 2, 3});
            assertEquals(CloseReason.CloseCodes.CANNOT_ACCEPT.getCode(), client.awaitCloseCode());
        }
        assertServesNewConnection();
    }

    @Test
    void invalidUtf8ClosesWith1007AndTheServerServesOthers() throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
            client.sendFrame(RawWebSocket.OPCODE_TEXT, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            assertEquals(1007, client.awaitCloseCode());
        }
        assertServesNewConnection();
    }

    @Test
    void servesThePageAtTheRoot() throws Exception {
        HttpResponse<String> page = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(server.uri()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        String contentType = page.headers().firstValue("Content-Type").orElse("");
        assertTrue(contentType.startsWith("text/html"), contentType);
        assertTrue(page.body().contains("ws-commands"));
    }

    @Test
    void bindsOnlyTheConfiguredAddress() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
        }
        // 127.0.0.2 is loopback as well: only a server bound to every interface would accept there.
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.2", server.port()), 2_000);
            }
        });
    }

    @Test
    void twoServersWithDifferentSettingsRunSideBySideInOneJvm() throws Exception {
        StandaloneServer small = running.start(ServerSettings.defaults().withMaxMessageSize(256));
        String mid = request(5, EJECT + " ".repeat(300));
        try (RawWebSocket toSmall = RawWebSocket.connect(small.endpoint());
                RecordingClient toDefault = RecordingClient.connect(server.endpoint())) {
            toDefault.send(mid);
            assertEquals(5, MessageJson.read(toDefault.next()).requestId(), "the default server takes 300 bytes");
            toSmall.sendText(mid);
            assertEquals(1009, toSmall.awaitCloseCode(), "the small server's own limit applies to it alone");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> small.sessions().openSessions() == 0);
        assertServesNewConnection();
    }

    private void assertServesNewConnection() throws Exception {
        try (RecordingClient other = RecordingClient.connect(server.endpoint())) {
            other.send(request(99, EJECT));
            assertEquals(Message.success(99, EJECTED), MessageJson.read(other.next()));
        }
    }
}
