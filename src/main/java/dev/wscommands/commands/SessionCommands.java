package dev.wscommands.commands;

import dev.wscommands.api.Caller;
import dev.wscommands.api.CommandConnection;
import dev.wscommands.protocol.Message;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * The commands in flight on one connection, and where their replies go. Thread-safe: commands end on
 * workers, on the timer, and on the I/O thread.
 */
public final class SessionCommands {

    final String sessionId;
    final String address;
    final Caller caller;
    final Optional<String> clientId;
    final Predicate<Message> replies;
    final Set<RunningCommand> running = ConcurrentHashMap.newKeySet();
    /** What this connection's commands see of it: one instance, not one per request. */
    final CommandConnection connection;
    private CompletableFuture<Void> idle;

    SessionCommands(String sessionId, String address, Caller caller, Optional<String> clientId,
                    Predicate<Message> replies, BiPredicate<SessionCommands, Long> cancel) {
        this.sessionId = sessionId;
        this.address = address;
        this.caller = caller;
        this.clientId = clientId;
        this.replies = replies;
        this.connection = requestId -> cancel.test(this, requestId);
    }

    /** Who the connection's handshake authenticated. */
    public Caller caller() {
        return caller;
    }

    /** The client's own ID from the handshake, if it named itself. */
    public Optional<String> clientId() {
        return clientId;
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
