package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Frames that break RFC 6455, sent over a raw socket: each closes the connection with the code and words below. */
class FrameGuardTest {

    private static final int FIN = 0x80;
    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;

    @BeforeEach
    void start() throws Exception {
        server = running.start();
    }

    @Test
    void anUnmaskedFrameClosesWith1002() throws Exception {
        byte[] text = "{\"RequestID\":1,\"Command\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unmasked = new byte[2 + text.length];
        unmasked[0] = (byte) (FIN | RawWebSocket.OPCODE_TEXT);
        unmasked[1] = (byte) text.length;
        System.arraycopy(text, 0, unmasked, 2, text.length);
        assertClosedWith(1002, "frames from a client must be masked", unmasked);
    }

    @Test
    void aLengthWithItsMostSignificantBitSetClosesWith1002() throws Exception {
        byte[] frame = new byte[2 + 8 + 4];
        frame[0] = (byte) (FIN | RawWebSocket.OPCODE_TEXT);
        frame[1] = (byte) (0x80 | 127);
        frame[2] = (byte) 0x80;
        System.arraycopy(MASK, 0, frame, 10, 4);
        assertClosedWith(1002, "invalid payload length", frame);
    }

    @Test
    void aReservedOpcodeClosesWith1002InOurWords() throws Exception {
        assertClosedWith(1002, "unknown opcode 3", masked(FIN | 0x3, new byte[0]));
        assertClosedWith(1002, "unknown opcode 11", masked(FIN | 0xB, new byte[0]));
    }

    @Test
    void reservedBitsCloseWith1002() throws Exception {
        assertClosedWith(1002, "reserved bits set, but no extension was negotiated",
                masked(FIN | 0x40 | RawWebSocket.OPCODE_TEXT, "{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void controlFramesThatAreFragmentedOrLongCloseWith1002() throws Exception {
        assertClosedWith(1002, "fragmented control frame", masked(RawWebSocket.OPCODE_PING, new byte[0]));
        assertClosedWith(1002, "control frame longer than 125 bytes",
                masked(FIN | RawWebSocket.OPCODE_PING, new byte[126]));
    }

    @Test
    void fragmentsOutOfOrderCloseWith1002() throws Exception {
        assertClosedWith(1002, "continuation frame without a message to continue",
                masked(FIN, "{}".getBytes(StandardCharsets.UTF_8)));
        assertClosedWith(1002, "new message before the previous one was finished",
                concat(masked(RawWebSocket.OPCODE_TEXT, "{".getBytes(StandardCharsets.UTF_8)),
                        masked(FIN | RawWebSocket.OPCODE_TEXT, "{}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void invalidClosePayloadsCloseWith1002Or1007() throws Exception {
        assertClosedWith(1002, "close frame with a one-byte payload", masked(FIN | RawWebSocket.OPCODE_CLOSE, new byte[] {3}));
        assertClosedWith(1002, "invalid close code 1005",
                masked(FIN | RawWebSocket.OPCODE_CLOSE, new byte[] {0x03, (byte) 0xED}));
        assertClosedWith(1002, "invalid close code 1013",
                masked(FIN | RawWebSocket.OPCODE_CLOSE, new byte[] {0x03, (byte) 0xF5}));
        assertClosedWith(1007, "close reason is not valid UTF-8",
                masked(FIN | RawWebSocket.OPCODE_CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xC3, 0x28}));
    }

    @Test
    void invalidUtf8InATextMessageClosesWith1007InOurWords() throws Exception {
        assertClosedWith(1007, "text message is not valid UTF-8",
                masked(FIN | RawWebSocket.OPCODE_TEXT, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
    }

    @Test
    void aValidCloseIsEchoedAndRequestsBeforeABadFrameAreAnswered() throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
            client.write(masked(FIN | RawWebSocket.OPCODE_CLOSE, new byte[] {0x03, (byte) 0xE8, 'o', 'k'}));
            assertEquals(1000, client.awaitCloseCode());
        }
        try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
            client.write(concat(RawWebSocket.frame(RawWebSocket.OPCODE_TEXT,
                    MessageJson.write(Message.request(4, "heartbeat")).getBytes(StandardCharsets.UTF_8)),
                    masked(FIN | 0x3, new byte[0])));
            assertEquals(Message.success(4, ""), MessageJson.read(client.readText()));
            assertEquals(1002, client.awaitCloseCode());
        }
    }

    /** Sends {@code bytes} after the handshake and expects the server's close frame with {@code code} and {@code reason}. */
    private void assertClosedWith(int code, String reason, byte[] bytes) throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
            client.write(bytes);
            RawWebSocket.Frame close;
            do {
                close = client.readFrame();
            } while (close.opcode() != RawWebSocket.OPCODE_CLOSE);
            assertEquals(code, close.closeCode());
            assertEquals(reason, new String(Arrays.copyOfRange(close.payload(), 2, close.payload().length),
                    StandardCharsets.UTF_8));
            client.awaitEndOfStream();
        }
    }

    /** One masked frame with the given first byte (FIN, RSV and opcode) and a short payload. */
    private static byte[] masked(int first, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(first);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        }
        frame.writeBytes(MASK);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ MASK[i % 4]);
        }
        return frame.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
