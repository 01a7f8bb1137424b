package dev.wscommands.server;

import dev.wscommands.protocol.Message;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Sends one session's replies in order, one at a time, without blocking the caller.
 *
 * <p>JSR 356 forbids starting a send on a session while the previous one is still being written (Tomcat
 * throws {@link IllegalStateException}), and a blocking send would stall the I/O thread that delivered the
 * request. So replies wait in a queue and each completed send starts the next.
 */
final class ReplySender implements SendHandler {

    private final RemoteEndpoint.Async remote;
    private final Consumer<Throwable> onFailure;
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean draining;
    private boolean completedWhileDraining;

    ReplySender(RemoteEndpoint.Async remote, Consumer<Throwable> onFailure) {
        this.remote = remote;
        this.onFailure = onFailure;
    }

    /** Queues {@code reply}; it is sent after every reply queued before it. */
    void send(Message reply) {
        synchronized (this) {
            queue.add(reply);
            if (sending) {
                return;
            }
            sending = true;
        }
        drain();
    }

    /** Replies queued and not yet written. */
    synchronized int queued() {
        return queue.size();
    }

    @Override
    public void onResult(SendResult result) {
        if (!result.isOK()) {
            synchronized (this) {
                queue.clear();
                sending = false;
            }
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
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
                draining = true;
                completedWhileDraining = false;
            }
            remote.sendObject(next, this);
            synchronized (this) {
                draining = false;
                if (!completedWhileDraining) {
                    return;
                }
            }
        }
    }
}
