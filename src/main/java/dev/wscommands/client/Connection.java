package dev.wscommands.client;

import dev.wscommands.protocol.Message;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection, from the attempt to open it until it is lost: its session, its heartbeat, and the requests
 * written to it. Used on the client's thread only, except where a member says otherwise.
 */
final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    final int number;
    final Heartbeat heartbeat = new Heartbeat();
    /** Unanswered requests to write first on this connection, oldest first. */
    final ArrayDeque<PendingRequest> outbox = new ArrayDeque<>();
    /**
     * {@code cancel} requests to write here before anything else, and outside the in-flight window: each asks the
     * server to stop a request written here whose future the application cancelled.
     */
    final ArrayDeque<PendingRequest> cancels = new ArrayDeque<>();
    /** The {@code cancel} requests written here and not yet answered, by RequestID. */
    final Map<Long, PendingRequest> cancelsWritten = new HashMap<>();
    /** Requests written here and not yet answered, by RequestID. */
    final Set<Long> inFlight = new HashSet<>();
    /** Completes when the container reports the connection closed; any thread. */
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Set (by a container thread) when the client itself refused what the server sent, before it closes. */
    volatile Refusal refusal;
    /** The server's close frame, as the guard read it before Tyrus did (a container thread); null until one came. */
    volatile CloseReason serverClose;
    /**
     * The first failure the client saw on it, a write or a ping: it ends, and how (final or not) waits for its
     * close, which may carry the server's final code. Null while none was.
     */
    String failure;
    /** Whether the client has decided how the connection ended: once only. */
    boolean ended;
    /** Set by a container thread when the connection opens. */
    volatile Session session;
    /** Aborts the handshake under way, closing its transport; set by the connecting thread as it starts. */
    volatile Runnable abortHandshake;
    /** Whether anything arrived since the last ping tick. */
    boolean heard;
    /** Whether an unreadable reply was logged already. */
    boolean warnedUnreadable;
    /** Whether a write is under way: the next one starts when it completed. */
    boolean writing;
    long openedAt;
    ScheduledFuture<?> pings;

    /** Why the client closed the connection with {@code closeCode}, which the close it then sees may not show. */
    record Refusal(int closeCode, String why) {
    }

    Connection(int number) {
        this.number = number;
    }

    /** Whether requests and pings may still be written: nothing has begun to end it. */
    boolean writable() {
        return failure == null && refusal == null && serverClose == null;
    }

    /** Writes {@code request}; {@code done} runs on a container thread when the write completed. */
    void write(PendingRequest request, Consumer<SendResult> done) {
        inFlight.add(request.id());
        writing = true;
        session.getAsyncRemote().sendObject(request.request, done::accept);
    }

    /** Writes {@code request} beside any write under way, with no completion to wait for: when closing. */
    void writeNow(PendingRequest request) {
        inFlight.add(request.id());
        session.getAsyncRemote().sendObject(request.request);
    }

    /** Sends ping number {@code ping}. */
    void ping(long ping) throws IOException {
        session.getAsyncRemote().sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, ping));
    }

    /** Forgets a request answered on this connection; whether it was one written here. */
    boolean answered(Message reply) {
        heard = true;
        return inFlight.remove(reply.requestId());
    }

    /** Closes the session if it opened; any thread. */
    void close(CloseReason reason) {
        Session open = session;
        if (open == null || !open.isOpen()) {
            closed.complete(null);
            return;
        }
        try {
            open.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "session " + open.getId() + " did not close cleanly", e);
        }
    }
}
