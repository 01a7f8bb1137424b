package dev.wscommands.standalone;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.nio.transport.TCPNIOConnection;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;
import org.glassfish.tyrus.spi.WriterInfo;

/**
 * Writes a connection's outgoing frames, and puts the close reasons that Tyrus words itself into the project's
 * words. The {@link IncomingFrameGuard} refuses most faults before Tyrus sees them; what Tyrus still decides
 * is invalid UTF-8 in a text message (1007, "Illegal UTF-8 Sequence."), and an unexpected condition (1011),
 * whose reason may carry an exception's message: that becomes {@code internal error}. Every other frame
 * passes as it is, without a copy.
 *
 * <p>It also makes the server's close a lingering one. Tyrus closes the socket right after it queues its close
 * frame; when the client's requests are still unread on the socket then (a client far over the rate limit, say),
 * the kernel answers the close with a reset, which discards what the client has not read yet, the close frame
 * included, and the client sees a dropped connection where the server said 1008. So once the close frame is
 * written, only the output is shut down (the client reads the frame, then the end of the stream) and the reads go
 * on until the client's end of the stream closes the connection; a client that takes neither is cut by the
 * {@link HttpConnectionGate} at its close grace, as before. A 1001 (going away) closes at once, as Tyrus does.
 */
final class CloseReasonWriter extends Writer {

    private static final Logger LOG = Logger.getLogger(CloseReasonWriter.class.getName());
    private static final int CLOSE_FINAL = 0x88;
    private static final int GOING_AWAY = 1001;
    private static final int UNEXPECTED_CONDITION = 1011;
    private static final Map<String, String> TYRUS_WORDS = Map.of(
            "Illegal UTF-8 Sequence.", "text message is not valid UTF-8");

    private final Writer next;
    /** When the connection began to close (its close frame written, or the transport closed), or 0. */
    private volatile long closingSince;
    /** Completes once the server's close frame has been written, or could not be; never when none was queued. */
    private final CompletableFuture<Void> closeFrameWritten = new CompletableFuture<>();
    private volatile boolean closeFrameQueued;

    CloseReasonWriter(Writer next) {
        this.next = next;
    }

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
        next.write(reworded(buffer), lingers(buffer) ? noticing(completionHandler) : completionHandler);
    }

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler, WriterInfo writerInfo) {
        next.write(reworded(buffer), lingers(buffer) ? noticing(completionHandler) : completionHandler, writerInfo);
    }

    @Override
    public void close() throws IOException {
        markClosing();
        SocketChannel channel = closeFrameQueued ? channelOf(next) : null;
        if (channel == null) {
            next.close();
            return;
        }
        closeFrameWritten.whenComplete((written, failure) -> {
            try {
                channel.shutdownOutput();
            } catch (IOException | RuntimeException e) {
                closeNow();
            }
        });
    }

    private void closeNow() {
        try {
            next.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing a WebSocket connection failed", e);
        }
    }

    /** {@code handler}, and the news that the close frame it writes has been written (or could not be). */
    private CompletionHandler<ByteBuffer> noticing(CompletionHandler<ByteBuffer> handler) {
        closeFrameQueued = true;
        return new CompletionHandler<>() {
            @Override
            public void completed(ByteBuffer result) {
                try {
                    if (handler != null) {
                        handler.completed(result);
                    }
                } finally {
                    closeFrameWritten.complete(null);
                }
            }

            @Override
            public void failed(Throwable exception) {
                try {
                    if (handler != null) {
                        handler.failed(exception);
                    }
                } finally {
                    closeFrameWritten.complete(null);
                }
            }

            @Override
            public void cancelled() {
                try {
                    if (handler != null) {
                        handler.cancelled();
                    }
                } finally {
                    closeFrameWritten.complete(null);
                }
            }
        };
    }

    /**
     * The socket under Tyrus's Grizzly writer. Tyrus keeps its connection in a package-private field and offers
     * no getter; without it (another writer, another Tyrus) the close is the plain one.
     */
    private static SocketChannel channelOf(Writer writer) {
        try {
            return writer.getClass() == GrizzlyWriterField.OWNER
                    && GrizzlyWriterField.FIELD.get(writer) instanceof TCPNIOConnection tcp
                    && tcp.getChannel() instanceof SocketChannel channel ? channel : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Tyrus's Grizzly writer and its connection field, looked up once rather than at every close. */
    private static final class GrizzlyWriterField {

        static final Class<?> OWNER;
        static final Field FIELD;

        static {
            Class<?> owner = null;
            Field field = null;
            try {
                owner = Class.forName("org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter");
                field = owner.getDeclaredField("connection");
                field.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                owner = null;
                field = null;
            }
            OWNER = owner;
            FIELD = field;
        }
    }

    /**
     * When the server began to close this connection ({@link System#nanoTime()}): its close frame was handed
     * on, or the transport was asked to close; 0 while it is open. A close that the client does not take
     * (it reads nothing) would otherwise wait for ever behind the replies it never read.
     */
    long closingSince() {
        return closingSince;
    }

    /**
     * Whether {@code buffer} is a close frame after which the socket should linger. Not after 1001 (going away:
     * shutting down, no pong, idle): its client is gone or is not flooding, and a dead peer's socket would only
     * hold a connection slot until the close grace.
     */
    private boolean lingers(ByteBuffer buffer) {
        if (!closing(buffer)) {
            return false;
        }
        int start = buffer.position();
        int length = buffer.remaining() >= 4 ? buffer.get(start + 1) & 0x7F : 0;
        int code = length >= 2 ? ((buffer.get(start + 2) & 0xFF) << 8) | (buffer.get(start + 3) & 0xFF) : 0;
        return code != GOING_AWAY;
    }

    /** Whether {@code buffer} is the server's close frame; the connection is closing from then on. */
    private boolean closing(ByteBuffer buffer) {
        if (buffer.remaining() >= 2 && (buffer.get(buffer.position()) & 0xFF) == CLOSE_FINAL) {
            markClosing();
            return true;
        }
        return false;
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
