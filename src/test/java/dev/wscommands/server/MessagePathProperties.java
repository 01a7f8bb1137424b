package dev.wscommands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import dev.wscommands.testing.RawWebSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The whole message path of a live server under generated input: every text message gets a reply or an error
 * reply on the same connection; every generated frame ends in a reply or one of the documented close codes;
 * the server keeps serving throughout.
 */
class MessagePathProperties {

    private static final Set<Integer> DOCUMENTED_CLOSES = Set.of(1002, 1003, 1007, 1009);

    private static StandaloneServer server;
    private static RawWebSocket connection;

    @BeforeContainer
    static void start() throws IOException {
        server = new StandaloneServer(new StandaloneSettings("127.0.0.1", 0,
                ServerSettings.defaults().withMaxMessageSize(4096)));
        server.start();
        connection = RawWebSocket.connect(server.endpoint());
    }

    @AfterContainer
    static void stop() throws IOException {
        connection.close();
        server.close();
    }

    @Property(tries = 3000)
    void everyTextMessageIsAnsweredOnTheSameConnection(@ForAll("texts") String text) throws IOException {
        connection.sendText(text);
        Message reply = MessageJson.read(connection.readText());
        if (!reply.success()) {
            assertFalse(reply.error().isBlank());
            assertFalse(reply.error().contains("Exception"), reply.error());
        }
    }

    @Property(tries = 300)
    void everyFrameEndsInAReplyOrADocumentedClose(@ForAll("opcodes") int opcode, @ForAll("payloads") byte[] payload)
            throws IOException {
        try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
            client.sendFrame(opcode, payload);
            if (opcode == RawWebSocket.OPCODE_TEXT && payload.length <= 4096 && validUtf8(payload)) {
                assertTrue(MessageJson.read(client.readText()).requestId() >= Long.MIN_VALUE);
            } else if (opcode == RawWebSocket.OPCODE_PING && payload.length <= 125) {
                RawWebSocket.Frame pong = client.readFrame();
                assertEquals(RawWebSocket.OPCODE_PONG, pong.opcode());
            } else {
                int code = client.awaitCloseCode();
                assertTrue(DOCUMENTED_CLOSES.contains(code), "close code " + code);
            }
        }
        // and the long-lived connection is still served
        connection.sendText("{\"RequestID\":1,\"Command\":\"heartbeat\"}");
        assertTrue(MessageJson.read(connection.readText()).success());
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"RequestID\"", "\"Command\"",
                "\"Success\"", "true", "null", "7", "-1", "2.5", "\"Eject the hot dog.\"", "\"heartbeat\"", "\"x\"");
        return Arbitraries.oneOf(fragments.list().ofMaxSize(20).map(parts -> String.join("", parts)),
                Arbitraries.strings().ofMaxLength(300));
    }

    @Provide
    Arbitrary<Integer> opcodes() {
        return Arbitraries.of(RawWebSocket.OPCODE_TEXT, RawWebSocket.OPCODE_BINARY, RawWebSocket.OPCODE_PING, 0x3, 0xB);
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        Arbitrary<byte[]> large = Arbitraries.integers().between(4000, 9000).map(n -> "x".repeat(n)
                .getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, small), net.jqwik.api.Tuple.of(1, large));
    }

    private static boolean validUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
