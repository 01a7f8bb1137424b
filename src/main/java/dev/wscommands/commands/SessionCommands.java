package dev.wscommands.commands;

import dev.wscommands.protocol.Message;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The commands in flight on one connection, and where their replies go. Thread-safe: commands end on
 * workers, on the timer, and on the I/O thread.
 */
public final class SessionCommands {

    final String sessionId;
    final Consumer<Message> replies;
    final Set<RunningCommand> running = ConcurrentHashMap.newKeySet();
    private CompletableFuture<Void> idle;

    SessionCommands(String sessionId, Consumer<Message> replies) {
        this.sessionId = sessionId;
        this.replies = replies;
    }

    /** Commands running now. */
    public int inFlight() {
        return running.size();
    }

    /** Completes once no command is running (at once when none is). */
    public synchronized CompletableFuture<Void> idle() {
        if (running.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (idle == null) {
            idle = new CompletableFuture<>();
        }
        return idle;
    }

    void removed(RunningCommand command) {
        running.remove(command);
        CompletableFuture<Void> waiter = null;
        synchronized (this) {
            if (running.isEmpty() && idle != null) {
                waiter = idle;
                idle = null;
            }
        }
        if (waiter != null) {
            waiter.complete(null);
        }
    }
}
