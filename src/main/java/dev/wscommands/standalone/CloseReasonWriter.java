package dev.wscommands.standalone;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;
import org.glassfish.tyrus.spi.WriterInfo;

/**
 * Writes a connection's outgoing frames, and puts the close reasons that Tyrus words itself into the project's
 * words. The {@link IncomingFrameGuard} refuses most faults before Tyrus sees them; what Tyrus still decides
 * is invalid UTF-8 in a text message (1007, "Illegal UTF-8 Sequence."), and an unexpected condition (1011),
 * whose reason may carry an exception's message: that becomes {@code internal error}. Every other frame
 * passes as it is, without a copy.
 */
final class CloseReasonWriter extends Writer {

    private static final int CLOSE_FINAL = 0x88;
    private static final int UNEXPECTED_CONDITION = 1011;
    private static final Map<String, String> TYRUS_WORDS = Map.of(
            "Illegal UTF-8 Sequence.", "text message is not valid UTF-8");

    private final Writer next;
    /** When the connection began to close (its close frame written, or the transport closed), or 0. */
    private volatile long closingSince;

    CloseReasonWriter(Writer next) {
        this.next = next;
    }

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
        closing(buffer);
        next.write(reworded(buffer), completionHandler);
    }

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler, WriterInfo writerInfo) {
        closing(buffer);
        next.write(reworded(buffer), completionHandler, writerInfo);
    }

    @Override
    public void close() throws IOException {
        markClosing();
        next.close();
    }

    /**
     * When the server began to close this connection ({@link System#nanoTime()}): its close frame was handed
     * on, or the transport was asked to close; 0 while it is open. A close that the client does not take
     * (it reads nothing) would otherwise wait for ever behind the replies it never read.
     */
    long closingSince() {
        return closingSince;
    }

    private void closing(ByteBuffer buffer) {
        if (buffer.remaining() >= 2 && (buffer.get(buffer.position()) & 0xFF) == CLOSE_FINAL) {
            markClosing();
        }
    }

    private void markClosing() {
        if (closingSince == 0) {
            long now = System.nanoTime();
            closingSince = now == 0 ? 1 : now;
        }
    }

    /** The frame in {@code buffer} with its close reason reworded, or {@code buffer} itself. */
    static ByteBuffer reworded(ByteBuffer buffer) {
        int start = buffer.position();
        // A server's close frame: final, unmasked, a code and a short reason, written alone.
        if (buffer.remaining() < 4 || (buffer.get(start) & 0xFF) != CLOSE_FINAL) {
            return buffer;
        }
        int length = buffer.get(start + 1) & 0xFF;
        if (length > 125 || length < 2 || buffer.remaining() != 2 + length) {
            return buffer;
        }
        int code = ((buffer.get(start + 2) & 0xFF) << 8) | (buffer.get(start + 3) & 0xFF);
        byte[] reason = new byte[length - 2];
        buffer.get(start + 4, reason);
        String ours = code == UNEXPECTED_CONDITION ? "internal error"
                : TYRUS_WORDS.get(new String(reason, StandardCharsets.UTF_8));
        if (ours == null) {
            return buffer;
        }
        byte[] words = ours.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(4 + words.length);
        frame.put((byte) CLOSE_FINAL).put((byte) (2 + words.length)).putShort((short) code).put(words).flip();
        return frame;
    }
}
