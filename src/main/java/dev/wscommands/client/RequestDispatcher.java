package dev.wscommands.client;

import dev.wscommands.protocol.Message;
import jakarta.websocket.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The requests' side of the client: writes the pending requests to the open connection, one at a time and oldest
 * first, matches replies to them by {@code RequestID}, and fails them at their deadline. A request whose future the
 * application cancels is forgotten, and when it was written to the open connection the server is asked to stop it
 * with the built-in {@code cancel} command. Runs on the client's thread, except {@link #submit} and
 * {@link #cancelled}; every future it completes, it completes there.
 */
final class RequestDispatcher {

    /** What the dispatcher needs from the connection's side. */
    interface Link {

        /** Writing to {@code connection} failed: it cannot be trusted any more. */
        void broken(Connection connection, String why);

        /** Why no request could be written lately, for the failure of one that never was; never null. */
        String whyNotSent();

        /** Why the client gave up, or null while it has not. */
        String stoppedBecause();
    }

    private static final Logger LOG = Logger.getLogger(CommandClient.class.getName());
    /**
     * Most requests written to one connection and not yet answered. A server reads what arrives into a buffer
     * of its own limited size (Tyrus closes with 1011 when a burst overflows it), so the client keeps its
     * requests on the wire to a few dozen KiB.
     */
    static final int IN_FLIGHT_WINDOW = 256;
    /** The server's built-in command that stops another request of the same connection. */
    static final String CANCEL = "cancel";

    private final ClientSettings settings;
    private final ClientCounters counters;
    private final PendingRequests pending;
    private final ClientThread thread;
    private final Link link;
    private final LongSupplier nextRequestId;
    /** Requests not yet handed to the client's thread; all of them are also in {@link #pending}. */
    private final Queue<PendingRequest> fresh = new ConcurrentLinkedQueue<>();
    /** The highest RequestID handed out, to tell a reply to an old request from one to a request never made. */
    private volatile long lastRequestId;
    /** The open connection, or null; client's thread only. */
    private Connection current;

    RequestDispatcher(ClientSettings settings, ClientCounters counters, PendingRequests pending, ClientThread thread,
                      Link link, LongSupplier nextRequestId) {
        this.settings = settings;
        this.counters = counters;
        this.pending = pending;
        this.thread = thread;
        this.link = link;
        this.nextRequestId = nextRequestId;
    }

    /** Takes {@code request}, already pending, to write it as soon as a connection is open; any thread. */
    void submit(PendingRequest request) {
        lastRequestId = Math.max(lastRequestId, request.id());
        request.onCancel(this::cancelled);
        try {
            request.deadline(thread.schedule(() -> expire(request), settings.requestTimeout()));
            fresh.add(request);
            if (!thread.post(this::flush)) {
                throw new RejectedExecutionException("client is closed");
            }
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: the client's thread is gone, so this one fails the request.
            fail(request, new IllegalStateException("client is closed"));
        }
    }

    /** {@code connection} opened: every unanswered request goes out on it, oldest first; returns how many. */
    int connected(Connection connection) {
        current = connection;
        fresh.clear();
        connection.outbox.addAll(pending.inOrder());
        return connection.outbox.size();
    }

    /** The open connection was lost: requests wait for the next one; its cancels have nothing left to stop. */
    void disconnected() {
        Connection lost = current;
        current = null;
        if (lost != null) {
            IllegalStateException gone = new IllegalStateException("the connection closed before the cancel was answered");
            lost.cancels.forEach(cancel -> cancel.reply.completeExceptionally(gone));
            lost.cancelsWritten.values().forEach(cancel -> cancel.reply.completeExceptionally(gone));
        }
    }

    /** Writes the next request, one at a time: the next write starts when the previous one completed. */
    void flush() {
        Connection connection = current;
        if (connection == null) {
            // Pending holds them all; the next connection sends them. A client that gave up sends none.
            fresh.clear();
            String stopped = link.stoppedBecause();
            if (stopped != null) {
                failAll(new IllegalStateException("client gave up: " + stopped));
            }
            return;
        }
        if (connection.writing || !connection.writable()) {
            return;
        }
        PendingRequest cancel = connection.cancels.poll();
        if (cancel != null) {
            connection.cancelsWritten.put(cancel.id(), cancel);
            write(connection, cancel);
            return;
        }
        if (connection.inFlight.size() >= IN_FLIGHT_WINDOW) {
            return;
        }
        PendingRequest next;
        do {
            next = connection.outbox.poll();
            if (next == null) {
                next = fresh.poll();
            }
            if (next == null) {
                return;
            }
        } while (next.reply.isDone() || next.sentOn == connection.number);
        (next.sentOn == 0 ? counters.sent : counters.resent).increment();
        write(connection, next);
    }

    private void write(Connection connection, PendingRequest request) {
        request.sentOn = connection.number;
        try {
            connection.write(request, result -> thread.post(() -> written(connection, result)));
        } catch (RuntimeException e) {
            connection.writing = false;
            link.broken(connection, "cannot send: " + e);
        }
    }

    /**
     * Writes the cancels still queued for the open connection at once, without waiting for the write under way:
     * the client is about to close the connection, and its close frame follows them.
     */
    void flushCancels() {
        Connection connection = current;
        if (connection == null || !connection.writable()) {
            return;
        }
        for (PendingRequest cancel; (cancel = connection.cancels.poll()) != null; ) {
            connection.cancelsWritten.put(cancel.id(), cancel);
            try {
                connection.writeNow(cancel);
            } catch (RuntimeException e) {
                LOG.fine(() -> "cancel not written before the close: " + e);
                return;
            }
        }
    }

    /** The application cancelled the future of {@code request}; any thread. */
    void cancelled(PendingRequest request) {
        if (thread.isCurrent()) {
            askToCancel(request);
        } else {
            thread.post(() -> askToCancel(request));
        }
    }

    /**
     * Forgets {@code request}, so that it is neither resent nor failed at its deadline, and when it is on the wire
     * of the open connection, unanswered, queues a {@code cancel} of it there ({@link PendingRequest#cancel}).
     */
    private void askToCancel(PendingRequest request) {
        if (!pending.remove(request)) {
            return;
        }
        counters.failed.increment();
        request.dropDeadline();
        Connection connection = current;
        // Not on the wire, or on a connection since lost (whose commands the server stopped): nothing runs.
        if (connection == null || request.sentOn != connection.number || !connection.inFlight.contains(request.id())) {
            return;
        }
        request.cancel = new PendingRequest(Message.request(nextRequestId.getAsLong(), CANCEL,
                Long.toString(request.id())));
        connection.cancels.add(request.cancel);
        flush();
    }

    /**
     * Cancels every pending request, as cancelling its future would; completes once the server answered each
     * {@code cancel} this sent. Client's thread.
     */
    CompletableFuture<Void> cancelAll() {
        List<CompletableFuture<Message>> asked = new ArrayList<>();
        for (PendingRequest request : pending.inOrder()) {
            request.reply.cancel(true);
            if (request.cancel != null) {
                asked.add(request.cancel.reply);
            }
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new));
    }

    private void written(Connection connection, SendResult result) {
        connection.writing = false;
        if (!result.isOK()) {
            link.broken(connection, "cannot send: " + result.getException());
            return;
        }
        flush();
    }

    /** A reply arrived on {@code connection}. */
    void replied(Connection connection, Message reply) {
        boolean writtenThere = connection.answered(reply);
        if (writtenThere && connection == current) {
            flush();
        }
        PendingRequest request = pending.remove(reply.requestId());
        if (request == null && writtenThere) {
            // Written there, unanswered, and no longer pending: a cancelled request, or a cancel, answered.
            LOG.fine(() -> "reply to cancelled RequestID " + reply.requestId() + " (or to its cancel) ignored");
            answerCancel(connection, reply);
            return;
        }
        if (request == null) {
            counters.unmatched.increment();
            long id = reply.requestId();
            String hint = id < 1 || id > lastRequestId ? "this client never made that request"
                    : "it was answered already, or timed out";
            LOG.info(() -> "reply to RequestID " + id + " matches no pending request (" + hint + "); ignored");
            return;
        }
        counters.answered.increment();
        if (!reply.success()) {
            counters.failed.increment();
        }
        request.answer(reply);
    }

    private static void answerCancel(Connection connection, Message reply) {
        PendingRequest cancel = connection.cancelsWritten.remove(reply.requestId());
        if (cancel != null) {
            cancel.reply.complete(reply);
        }
    }

    private void expire(PendingRequest request) {
        Connection connection = current;
        if (connection != null) {
            connection.inFlight.remove(request.id());
        }
        String within = " within " + Failures.format(settings.requestTimeout());
        if (request.sentOn != 0) {
            fail(request, new TimeoutException("no reply to RequestID " + request.id() + within));
            return;
        }
        // Never written: say why, rather than blame a server that never saw it.
        String why = connection != null ? "it waited behind " + connection.inFlight.size() + " unanswered requests"
                : link.whyNotSent();
        fail(request, new TimeoutException("RequestID " + request.id() + " could not be sent" + within + ": " + why));
    }

    private void fail(PendingRequest request, Exception failure) {
        if (pending.remove(request)) {
            counters.failed.increment();
            request.reply.completeExceptionally(failure);
        }
    }

    /** Fails every pending request with {@code failure}. */
    void failAll(Exception failure) {
        for (PendingRequest request : pending.removeAll()) {
            counters.failed.increment();
            request.reply.completeExceptionally(failure);
        }
    }
}
