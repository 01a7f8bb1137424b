package dev.wscommands.client;

import dev.wscommands.protocol.FrameHeader;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;

/**
 * Reads the header of every frame the server sends, before Tyrus buffers the frame, and closes the connection as
 * soon as a header announces a reply the client refuses: a text message over the reply size limit (1009) or any
 * binary message (1003, the protocol has none). The refused payload is never buffered, however large its header
 * says it is.
 *
 * <p>Without it, Tyrus buffers up to its incoming buffer size and then closes with 1011 {@code Buffer overflow.},
 * which reads like a server outage and is retried.
 *
 * <p>It also reads the server's close frame as it arrives, before Tyrus handles it, so that the client knows the
 * server's close code even when a write failing on the closing connection reaches it first (at most 125 bytes).
 */
final class ReplyFrameGuard implements ReadHandler {

    /** Hears, before Tyrus does, what ends the connection: the guard's own decision, or the server's close frame. */
    interface Endings {

        /**
         * The connection is about to be closed with {@code reason}, the client's own decision, because of a message
         * whose frame headers announced {@code announced} bytes so far (unsigned: a 64-bit length may have its top
         * bit set).
         */
        void refused(CloseReason reason, long announced);

        /** The server's close frame arrived with {@code reason} (1005 when it carried no code). */
        void serverClosing(CloseReason reason);
    }

    private static final int MAX_CONTROL_PAYLOAD = 125;


    private final ReadHandler next;
    private final Connection connection;
    private final long maxReplySize;
    private final Endings endings;

    private final byte[] header = new byte[FrameHeader.MAX_LENGTH];
    private int headerRead;
    private long payloadLeft;
    private long messageSize;
    /** What the refused message announced: its frames' lengths so far, unsigned. */
    private long announced;
    private boolean refused;
    /** The payload of the server's close frame being read, or null. */
    private byte[] closePayload;
    private int closePayloadRead;

    ReplyFrameGuard(ReadHandler next, Connection connection, long maxReplySize, Endings endings) {
        this.next = next;
        this.connection = connection;
        this.maxReplySize = maxReplySize;
        this.endings = endings;
    }

    @Override
    public void handle(ByteBuffer data) {
        if (refused) {
            return;
        }
        int position = data.position();
        int limit = data.limit();
        int headerStart = position;
        while (position < limit) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, limit - position);
                if (closePayload != null) {
                    data.get(position, closePayload, closePayloadRead, (int) skip);
                    closePayloadRead += (int) skip;
                }
                payloadLeft -= skip;
                position += (int) skip;
                if (payloadLeft == 0) {
                    closeFrameRead();
                }
                continue;
            }
            if (headerRead == 0) {
                headerStart = position;
            }
            header[headerRead++] = data.get(position++);
            if (headerRead < 2 || headerRead < FrameHeader.length(header)) {
                continue;
            }
            CloseReason refusal = inspectHeader();
            headerRead = 0;
            if (payloadLeft == 0) {
                closeFrameRead();
            }
            if (refusal != null) {
                refused = true;
                // Frames before the refused one are still read: their replies are good.
                ByteBuffer before = data.duplicate();
                before.limit(Math.max(data.position(), headerStart));
                if (before.hasRemaining()) {
                    next.handle(before);
                }
                endings.refused(refusal, announced);
                connection.close(refusal);
                return;
            }
        }
        next.handle(data);
    }


    /** Records the frame whose header is complete; returns why it is refused, or null. */
    private CloseReason inspectHeader() {
        int opcode = header[0] & 0x0F;
        boolean fin = (header[0] & 0x80) != 0;
        long payload = FrameHeader.payloadLength(header);
        payloadLeft = payload;
        announced = payload;
        closePayload = null;
        // A server's frames are never masked; a masked or oversized close frame is Tyrus's protocol error to report.
        if (opcode == FrameHeader.OPCODE_CLOSE && !FrameHeader.masked(header) && payload <= MAX_CONTROL_PAYLOAD) {
            closePayload = new byte[(int) payload];
            closePayloadRead = 0;
        }
        if (opcode == FrameHeader.OPCODE_BINARY) {
            return new CloseReason(CloseCodes.CANNOT_ACCEPT, "binary messages are not part of the protocol");
        }
        if (opcode == FrameHeader.OPCODE_TEXT || opcode == FrameHeader.OPCODE_CONTINUATION) {
            messageSize = opcode == FrameHeader.OPCODE_TEXT ? payload : messageSize + payload;
            announced = payload < 0 ? payload : messageSize;
            // A negative length is a 64-bit length with its top bit set: larger than any limit.
            if (payload < 0 || messageSize > maxReplySize) {
                return new CloseReason(CloseCodes.TOO_BIG, "reply larger than " + maxReplySize + " bytes");
            }
            if (fin) {
                messageSize = 0;
            }
        }
        return null;
    }

    /** Tells of the server's close frame once its payload is complete; nothing when the frame was another. */
    private void closeFrameRead() {
        byte[] payload = closePayload;
        if (payload == null) {
            return;
        }
        closePayload = null;
        if (payload.length < 2) {
            endings.serverClosing(new CloseReason(CloseCodes.NO_STATUS_CODE, ""));
            return;
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        endings.serverClosing(new CloseReason(CloseCodes.getCloseCode(code),
                new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)));
    }
}
