package dev.wscommands.standalone;

import jakarta.websocket.CloseReason;
import java.nio.ByteBuffer;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;

/**
 * Reads the header of every frame a client sends, before Tyrus buffers the frame, and closes the connection
 * as soon as a header announces a message the protocol refuses: a text message over the size limit (1009)
 * or any binary message (1003).
 *
 * <p>Tyrus on its own would buffer such a frame up to its incoming buffer size and then fail the connection
 * with 1011 (unexpected condition), and would accept any text message below that size. Deciding on the
 * header costs a few bytes of state per connection, allocates nothing, and never buffers the refused payload.
 */
final class IncomingFrameGuard implements ReadHandler {

    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int MAX_HEADER = 14;

    private final ReadHandler next;
    private final Connection connection;
    private final long maxMessageSize;

    private final byte[] header = new byte[MAX_HEADER];
    private int headerRead;
    private long payloadLeft;
    private long messageSize;
    private boolean refused;

    IncomingFrameGuard(ReadHandler next, Connection connection, long maxMessageSize) {
        this.next = next;
        this.connection = connection;
        this.maxMessageSize = maxMessageSize;
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
                payloadLeft -= skip;
                position += (int) skip;
                continue;
            }
            if (headerRead == 0) {
                headerStart = position;
            }
            header[headerRead++] = data.get(position++);
            if (headerRead < 2 || headerRead < headerLength()) {
                continue;
            }
            CloseReason refusal = inspectHeader();
            headerRead = 0;
            if (refusal != null) {
                refused = true;
                // Frames that came before the refused one are still served.
                ByteBuffer before = data.duplicate();
                before.limit(Math.max(data.position(), headerStart));
                if (before.hasRemaining()) {
                    next.handle(before);
                }
                connection.close(refusal);
                return;
            }
        }
        next.handle(data);
    }

    private int headerLength() {
        int length = 2;
        int lengthCode = header[1] & 0x7F;
        if (lengthCode == 126) {
            length += 2;
        } else if (lengthCode == 127) {
            length += 8;
        }
        if ((header[1] & 0x80) != 0) {
            length += 4;
        }
        return length;
    }

    /** Records the frame whose header is complete; returns why it is refused, or null. */
    private CloseReason inspectHeader() {
        int opcode = header[0] & 0x0F;
        boolean fin = (header[0] & 0x80) != 0;
        long payload = payloadLength();
        payloadLeft = payload;
        if (opcode == OPCODE_BINARY) {
            return new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "binary messages are not supported");
        }
        if (opcode == OPCODE_TEXT || opcode == OPCODE_CONTINUATION) {
            messageSize = opcode == OPCODE_TEXT ? payload : messageSize + payload;
            if (payload < 0 || messageSize > maxMessageSize) {
                return new CloseReason(CloseReason.CloseCodes.TOO_BIG,
                        "message larger than " + maxMessageSize + " bytes");
            }
            if (fin) {
                messageSize = 0;
            }
        }
        return null;
    }

    private long payloadLength() {
        int lengthCode = header[1] & 0x7F;
        if (lengthCode < 126) {
            return lengthCode;
        }
        int bytes = lengthCode == 126 ? 2 : 8;
        long length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (header[2 + i] & 0xFF);
        }
        return length;
    }
}
