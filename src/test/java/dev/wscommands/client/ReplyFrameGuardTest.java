package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.websocket.CloseReason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;
import org.junit.jupiter.api.Test;

/** {@link ReplyFrameGuard} over a recording reader and connection: what it passes on, and when it closes. */
class ReplyFrameGuardTest {

    private static final int LIMIT = 64;

    private final ByteArrayOutputStream passed = new ByteArrayOutputStream();
    private CloseReason closedWith;
    private CloseReason refusedWith;
    private long announced = -1;
    private final java.util.List<CloseReason> serverCloses = new java.util.ArrayList<>();

    private final ReplyFrameGuard guard = new ReplyFrameGuard(this::read, new RecordingConnection(), LIMIT,
            new ReplyFrameGuard.Endings() {
                @Override
                public void refused(CloseReason reason, long bytes) {
                    refusedWith = reason;
                    announced = bytes;
                }

                @Override
                public void serverClosing(CloseReason reason) {
                    serverCloses.add(reason);
                }
            });

    private void read(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        passed.writeBytes(bytes);
    }

    /** A server's (unmasked) frame. */
    private static byte[] frame(boolean fin, int opcode, int length) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            frame.write(length);
        } else {
            frame.write(126);
            frame.write(length >> 8);
            frame.write(length & 0xFF);
        }
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'x');
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Test
    void aReplyOfExactlyTheLimitPassesAndOneByteMoreIsRefused() {
        byte[] fits = frame(true, 0x1, LIMIT);
        guard.handle(ByteBuffer.wrap(fits));
        assertEquals(fits.length, passed.size());
        assertNull(closedWith);

        guard.handle(ByteBuffer.wrap(frame(true, 0x1, LIMIT + 1)));
        assertEquals(1009, closedWith.getCloseCode().getCode());
        assertEquals("reply larger than 64 bytes", closedWith.getReasonPhrase());
        assertEquals(refusedWith, closedWith);
        assertEquals(LIMIT + 1, announced);
        assertEquals(fits.length, passed.size(), "nothing of the refused frame is passed on");
    }

    @Test
    void aFragmentedReplyCountsAllItsFramesAndPingsBetweenThemPass() {
        byte[] first = frame(false, 0x1, 40);
        byte[] ping = frame(true, 0x9, 8);
        guard.handle(ByteBuffer.wrap(concat(first, ping, frame(true, 0x0, 30))));

        assertEquals(1009, closedWith.getCloseCode().getCode());
        assertEquals(70, announced);
        assertEquals(first.length + ping.length, passed.size(), "the frames before the refused one are read");
    }

    @Test
    void aBinaryFrameIsRefusedWith1003() {
        guard.handle(ByteBuffer.wrap(frame(true, 0x2, 3)));
        assertEquals(1003, closedWith.getCloseCode().getCode());
        assertEquals(3, announced);
        assertEquals(0, passed.size());
    }

    @Test
    void aHeaderSplitAcrossReadsIsStillRead() {
        byte[] header = {(byte) 0x81, 127, 0, 0, 0, 0, (byte) 0x80, 0, 0, 0};
        guard.handle(ByteBuffer.wrap(header, 0, 3));
        assertNull(closedWith);
        guard.handle(ByteBuffer.wrap(header, 3, header.length - 3));
        assertEquals(1009, closedWith.getCloseCode().getCode());
        assertEquals(2L * 1024 * 1024 * 1024, announced);
    }

    @Test
    void whatArrivesAfterARefusalIsDropped() {
        guard.handle(ByteBuffer.wrap(frame(true, 0x2, 3)));
        CloseReason first = closedWith;
        guard.handle(ByteBuffer.wrap(frame(true, 0x1, 5)));
        assertEquals(0, passed.size());
        assertEquals(first, closedWith, "closed once");
    }

    @Test
    void theServersCloseFrameIsToldBeforeTyrusReadsItEvenSplitAcrossReads() {
        byte[] reason = "rate limit exceeded".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] close = concat(new byte[] {(byte) 0x88, (byte) (2 + reason.length), 0x03, (byte) 0xF0}, reason);
        byte[] reply = frame(true, 0x1, 10);
        byte[] all = concat(reply, close);
        guard.handle(ByteBuffer.wrap(all, 0, reply.length + 5));
        assertEquals(0, serverCloses.size(), "not before its payload is complete");
        guard.handle(ByteBuffer.wrap(all, reply.length + 5, all.length - reply.length - 5));

        assertEquals(1, serverCloses.size());
        assertEquals(1008, serverCloses.get(0).getCloseCode().getCode());
        assertEquals("rate limit exceeded", serverCloses.get(0).getReasonPhrase());
        assertEquals(all.length, passed.size(), "the close frame still reaches Tyrus");
        assertNull(closedWith);
    }

    @Test
    void aCloseFrameWithoutACodeIsToldAs1005() {
        guard.handle(ByteBuffer.wrap(new byte[] {(byte) 0x88, 0}));
        assertEquals(1005, serverCloses.get(0).getCloseCode().getCode());
    }

    private final class RecordingConnection implements Connection {

        @Override
        public ReadHandler getReadHandler() {
            return null;
        }

        @Override
        public Writer getWriter() {
            return null;
        }

        @Override
        public CloseListener getCloseListener() {
            return null;
        }

        @Override
        public void close(CloseReason reason) {
            closedWith = reason;
        }
    }
}
