package dev.wscommands.protocol;

/**
 * The arithmetic of an RFC 6455 frame header (section 5.2), for the guards that read every frame header
 * before the WebSocket implementation buffers the payload: the server's incoming frames and the client's
 * replies. {@code header} holds the header's bytes from its first; at least the first two are needed.
 */
public final class FrameHeader {

    /** The longest header: 2 bytes, 8 of extended length, 4 of mask. */
    public static final int MAX_LENGTH = 14;

    public static final int OPCODE_CONTINUATION = 0x0;
    public static final int OPCODE_TEXT = 0x1;
    public static final int OPCODE_BINARY = 0x2;
    public static final int OPCODE_CLOSE = 0x8;
    public static final int OPCODE_PING = 0x9;
    public static final int OPCODE_PONG = 0xA;

    private FrameHeader() {
    }

    /** The header's whole length, from its first two bytes. */
    public static int length(byte[] header) {
        int length = 2;
        int lengthCode = header[1] & 0x7F;
        if (lengthCode == 126) {
            length += 2;
        } else if (lengthCode == 127) {
            length += 8;
        }
        if (masked(header)) {
            length += 4;
        }
        return length;
    }

    /** Whether the payload is masked (every client frame must be, no server frame may be). */
    public static boolean masked(byte[] header) {
        return (header[1] & 0x80) != 0;
    }

    /**
     * The payload length the complete header announces, read as unsigned: a 64-bit length with its top bit set
     * (a protocol error) comes out negative.
     */
    public static long payloadLength(byte[] header) {
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
