package dev.wscommands.websocket;

import dev.wscommands.protocol.Message;
import dev.wscommands.session.ReplyMemory;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sends one session's replies in order, one at a time, without blocking the caller, and never holds more
 * than a bounded number of them, nor more bytes of them than its {@link ReplyMemory} allows.
 *
 * <p>JSR 356 forbids starting a send on a session while the previous one is still being written (Tomcat
 * throws {@link IllegalStateException}), and a blocking send would stall the I/O thread that delivered the
 * request. So replies wait in a queue and each completed send starts the next.
 */
final class ReplySender implements SendHandler {

    private final RemoteEndpoint.Async remote;
    private final int maxQueued;
    private final ReplyMemory memory;
    private final Consumer<Throwable> onFailure;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    /** Bytes taken from {@link #memory} for the queued replies and the one being written. */
    private long held;
    /** The size of the reply being written, given back when its send completes. */
    private int writing;
    /** The connection is closing or a send failed: nothing more is queued, and nothing is held. */
    private boolean closed;
    private boolean sending;
    private boolean draining;
    private boolean completedWhileDraining;
    private volatile long writingSince;
    private CompletableFuture<Void> flushed;

    ReplySender(RemoteEndpoint.Async remote, int maxQueued, ReplyMemory memory, Consumer<Throwable> onFailure) {
        this(remote, maxQueued, memory, onFailure, System::nanoTime);
    }

    /** A sender that stamps {@link #writingSince()} with {@code nanoClock}: tests set the time. */
    ReplySender(RemoteEndpoint.Async remote, int maxQueued, ReplyMemory memory, Consumer<Throwable> onFailure,
            LongSupplier nanoClock) {
        this.remote = remote;
        this.maxQueued = maxQueued;
        this.memory = memory;
        this.onFailure = onFailure;
        this.nanoClock = nanoClock;
    }

    /**
     * Queues {@code reply}; it is sent after every reply queued before it.
     *
     * @return false, queuing nothing, when {@code maxQueued} replies are already waiting, when the reply's bytes
     *         would pass the connection's or the server's bound, or once the connection is closing
     */
    boolean send(Message reply) {
        synchronized (this) {
            int size = ReplyMemory.size(reply);
            if (closed || queue.size() >= maxQueued || !memory.take(held, size)) {
                return false;
            }
            held += size;
            queue.add(reply);
            if (sending) {
                return true;
            }
            sending = true;
        }
        drain();
        return true;
    }

    /** When the send in progress started, or 0 when nothing is being written. */
    long writingSince() {
        return writingSince;
    }

    /** Completes once every reply queued so far has been written (or could not be). */
    synchronized CompletableFuture<Void> flushed() {
        if (!sending) {
            return CompletableFuture.completedFuture(null);
        }
        if (flushed == null) {
            flushed = new CompletableFuture<>();
        }
        return flushed;
    }

    /**
     * Drops every queued reply and gives back every byte held, the reply being written included: the session is
     * closing, and its transport is not waited for: {@link #flushed()} completes now, so that a shutdown never
     * waits for a write its client does not read.
     */
    void discard() {
        CompletableFuture<Void> waiter;
        synchronized (this) {
            closed = true;
            queue.clear();
            memory.release(held);
            held = 0;
            waiter = idle();
        }
        complete(waiter);
    }

    @Override
    public void onResult(SendResult result) {
        writingSince = 0;
        if (!result.isOK()) {
            failed(result.getException());
            return;
        }
        synchronized (this) {
            if (!closed) {
                held -= writing;
                memory.release(writing);
            }
            writing = 0;
            if (draining) {
                // Completed on the sending thread, inside sendObject: let the drain loop go on, so that a long
                // queue is sent by iteration rather than by recursion.
                completedWhileDraining = true;
                return;
            }
        }
        drain();
    }

    private void drain() {
        while (true) {
            Message next;
            CompletableFuture<Void> waiter = null;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    waiter = idle();
                } else {
                    writing = ReplyMemory.size(next);
                }
            }
            if (next == null) {
                complete(waiter);
                return;
            }
            synchronized (this) {
                draining = true;
                completedWhileDraining = false;
            }
            writingSince = nanoClock.getAsLong();
            try {
                remote.sendObject(next, this);
            } catch (RuntimeException notConnected) {
                // A connection that closed meanwhile throws rather than failing the send: the same end.
                synchronized (this) {
                    draining = false;
                }
                writingSince = 0;
                failed(notConnected);
                return;
            }
            synchronized (this) {
                draining = false;
                if (!completedWhileDraining) {
                    return;
                }
            }
        }
    }

    /** A send failed: nothing more can be delivered on this connection. */
    private void failed(Throwable failure) {
        CompletableFuture<Void> waiter;
        synchronized (this) {
            closed = true;
            queue.clear();
            memory.release(held);
            held = 0;
            writing = 0;
            waiter = idle();
        }
        complete(waiter);
        onFailure.accept(failure);
    }

    private CompletableFuture<Void> idle() {
        sending = false;
        CompletableFuture<Void> waiter = flushed;
        flushed = null;
        return waiter;
    }

    private static void complete(CompletableFuture<Void> waiter) {
        if (waiter != null) {
            waiter.complete(null);
        }
    }
}
