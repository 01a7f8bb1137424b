package dev.wscommands.websocket;

import dev.wscommands.protocol.Message;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sends one session's replies in order, one at a time, without blocking the caller, and never holds more
 * than a bounded number of them.
 *
 * <p>JSR 356 forbids starting a send on a session while the previous one is still being written (Tomcat
 * throws {@link IllegalStateException}), and a blocking send would stall the I/O thread that delivered the
 * request. So replies wait in a queue and each completed send starts the next.
 */
final class ReplySender implements SendHandler {

    private final RemoteEndpoint.Async remote;
    private final int maxQueued;
    private final Consumer<Throwable> onFailure;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean draining;
    private boolean completedWhileDraining;
    private volatile long writingSince;
    private CompletableFuture<Void> flushed;

    ReplySender(RemoteEndpoint.Async remote, int maxQueued, Consumer<Throwable> onFailure) {
        this(remote, maxQueued, onFailure, System::nanoTime);
    }

    /** A sender that stamps {@link #writingSince()} with {@code nanoClock}: tests set the time. */
    ReplySender(RemoteEndpoint.Async remote, int maxQueued, Consumer<Throwable> onFailure, LongSupplier nanoClock) {
        this.remote = remote;
        this.maxQueued = maxQueued;
        this.onFailure = onFailure;
        this.nanoClock = nanoClock;
    }

    /**
     * Queues {@code reply}; it is sent after every reply queued before it.
     *
     * @return false, queuing nothing, when {@code maxQueued} replies are already waiting
     */
    boolean send(Message reply) {
        synchronized (this) {
            if (queue.size() >= maxQueued) {
                return false;
            }
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

    /** Drops every queued reply: the session is closing and they can no longer be delivered. */
    synchronized void discard() {
        queue.clear();
    }

    @Override
    public void onResult(SendResult result) {
        writingSince = 0;
        if (!result.isOK()) {
            CompletableFuture<Void> waiter;
            synchronized (this) {
                queue.clear();
                waiter = idle();
            }
            complete(waiter);
            onFailure.accept(result.getException());
            return;
        }
        synchronized (this) {
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
            remote.sendObject(next, this);
            synchronized (this) {
                draining = false;
                if (!completedWhileDraining) {
                    return;
                }
            }
        }
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
