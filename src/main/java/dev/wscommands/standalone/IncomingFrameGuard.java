package dev.wscommands.standalone;

import dev.wscommands.protocol.FrameHeader;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;

/**
 * Reads the header of every frame a client sends, before Tyrus buffers the frame, and closes the connection
 * as soon as a frame breaks RFC 6455 (1002, 1007 for a close reason that is not UTF-8) or announces a message
 * the service refuses: a text message over the size limit (1009) or any binary message (1003).
 *
 * <p>Tyrus on its own would buffer an oversized frame up to its incoming buffer size and then fail the
 * connection with 1011, would accept unmasked frames, and would name its protocol errors in its own internal
 * words ({@code Unknown wrappedFrame type}); every frame it sees here has passed these checks, so the close
 * reasons a client reads are the ones below. Deciding on the header costs a few bytes of state per connection
 * and never buffers a refused payload; only a close frame's payload (at most 125 bytes) is read, to check its
 * code and reason.
 */
final class IncomingFrameGuard implements ReadHandler {

    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final ReadHandler next;
    private final Connection connection;
    private final long maxMessageSize;

    private final byte[] header = new byte[FrameHeader.MAX_LENGTH];
    private int headerRead;
    private long payloadLeft;
    private long messageSize;
    private boolean inFragmentedMessage;
    /** The payload of the close frame being read, or null. */
    private byte[] closePayload;
    private int closePayloadRead;
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
        // Where the frame being read started in this buffer; before the buffer when it started in an earlier one.
        int frameStart = position;
        while (position < limit) {
            if (payloadLeft > 0) {
                int take = (int) Math.min(payloadLeft, limit - position);
                if (closePayload != null) {
                    data.get(position, closePayload, closePayloadRead, take);
                    closePayloadRead += take;
                }
                payloadLeft -= take;
                position += take;
                if (payloadLeft == 0 && closePayload != null) {
                    CloseReason refusal = inspectClosePayload();
                    if (refusal != null) {
                        refuse(data, frameStart, refusal);
                        return;
                    }
                }
                continue;
            }
            if (headerRead == 0) {
                frameStart = position;
            }
            header[headerRead++] = data.get(position++);
            if (headerRead < 2 || headerRead < FrameHeader.length(header)) {
                continue;
            }
            CloseReason refusal = inspectHeader();
            headerRead = 0;
            if (refusal == null && closePayload != null && payloadLeft == 0) {
                refusal = inspectClosePayload();
            }
            if (refusal != null) {
                refuse(data, frameStart, refusal);
                return;
            }
        }
        next.handle(data);
    }

    /** Serves the frames before the refused one, then closes; the refused frame never reaches Tyrus whole. */
    private void refuse(ByteBuffer data, int frameStart, CloseReason refusal) {
        refused = true;
        ByteBuffer before = data.duplicate();
        before.limit(Math.max(data.position(), frameStart));
        if (before.hasRemaining()) {
            next.handle(before);
        }
        connection.close(refusal);
    }



    /** Records the frame whose header is complete; returns why it is refused, or null. */
    private CloseReason inspectHeader() {
        int opcode = header[0] & 0x0F;
        boolean fin = (header[0] & 0x80) != 0;
        long payload = FrameHeader.payloadLength(header);
        payloadLeft = Math.max(payload, 0);
        closePayload = null;
        // RFC 6455 5.1: a server must close the connection on a frame that is not masked.
        if (!FrameHeader.masked(header)) {
            return protocolError("frames from a client must be masked");
        }
        // 5.2: no extension is negotiated, so no reserved bit may be set.
        if ((header[0] & 0x70) != 0) {
            return protocolError("reserved bits set, but no extension was negotiated");
        }
        // 5.2: the most significant bit of a 64-bit length must be 0.
        if (payload < 0) {
            return protocolError("invalid payload length");
        }
        boolean control = opcode >= FrameHeader.OPCODE_CLOSE;
        if (control) {
            if (opcode != FrameHeader.OPCODE_CLOSE && opcode != FrameHeader.OPCODE_PING && opcode != FrameHeader.OPCODE_PONG) {
                return protocolError("unknown opcode " + opcode);
            }
            // 5.5: control frames are never fragmented and carry at most 125 bytes.
            if (!fin) {
                return protocolError("fragmented control frame");
            }
            if (payload > MAX_CONTROL_PAYLOAD) {
                return protocolError("control frame longer than 125 bytes");
            }
            if (opcode == FrameHeader.OPCODE_CLOSE) {
                closePayload = new byte[(int) payload];
                closePayloadRead = 0;
            }
            return null;
        }
        if (opcode != FrameHeader.OPCODE_CONTINUATION && opcode != FrameHeader.OPCODE_TEXT && opcode != FrameHeader.OPCODE_BINARY) {
            return protocolError("unknown opcode " + opcode);
        }
        // 5.4: a fragmented message is a first frame, continuations, and a final continuation, never interleaved.
        if (opcode == FrameHeader.OPCODE_CONTINUATION && !inFragmentedMessage) {
            return protocolError("continuation frame without a message to continue");
        }
        if (opcode != FrameHeader.OPCODE_CONTINUATION && inFragmentedMessage) {
            return protocolError("new message before the previous one was finished");
        }
        if (opcode == FrameHeader.OPCODE_BINARY) {
            return new CloseReason(CloseCodes.CANNOT_ACCEPT, "binary messages are not supported");
        }
        messageSize = opcode == FrameHeader.OPCODE_TEXT ? payload : messageSize + payload;
        if (messageSize > maxMessageSize) {
            return new CloseReason(CloseCodes.TOO_BIG, "message larger than " + maxMessageSize + " bytes");
        }
        inFragmentedMessage = !fin;
        if (fin) {
            messageSize = 0;
        }
        return null;
    }

    /** Checks the complete payload of a close frame (5.5.1, 7.4): its code, and that its reason is UTF-8. */
    private CloseReason inspectClosePayload() {
        byte[] payload = closePayload;
        closePayload = null;
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= header[FrameHeader.length(header) - 4 + (i % 4)];
        }
        if (payload.length == 0) {
            return null;
        }
        if (payload.length == 1) {
            return protocolError("close frame with a one-byte payload");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!validCloseCode(code)) {
            return protocolError("invalid close code " + code);
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload, 2, payload.length - 2));
        } catch (CharacterCodingException e) {
            return new CloseReason(CloseCodes.NOT_CONSISTENT, "close reason is not valid UTF-8");
        }
        return null;
    }

    /**
     * The codes a client may send (7.4.1): the defined ones that a client may use, and the ranges for libraries
     * and applications. 1012 to 1014 concern a server restarting or a gateway, never a client.
     */
    private static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
    }

    private static CloseReason protocolError(String reason) {
        return new CloseReason(CloseCodes.PROTOCOL_ERROR, reason);
    }

}
