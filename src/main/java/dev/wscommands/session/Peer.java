package dev.wscommands.session;


import dev.wscommands.api.Caller;
import dev.wscommands.protocol.Message;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The client end of one connection, as the session logic sees it. The WebSocket adapter
 * ((SessionPeer)) implements it; everything above it is plain Java.
 */
public interface Peer {

    /** The session id, for logs. */
    String id();

    /** The client's IP address, or {@code null} when the container does not tell. */
    String address();

    /** Who the handshake authenticated; {@link Caller#ANONYMOUS} without authentication. */
    default Caller caller() {
        return Caller.ANONYMOUS;
    }

    /**
     * When the connection's authentication ends (its token's {@code exp} plus the clock skew): the server closes it
     * then with 1008 {@code authentication expired}. Empty when it does not end (no token, or a container's login).
     */
    default Optional<Instant> authenticationEnds() {
        return Optional.empty();
    }

    /** The ID the client named itself with in the handshake ({@code Client-Id}), if it did. */
    default Optional<String> clientId() {
        return Optional.empty();
    }

    /**
     * Queues a reply without blocking.
     *
     * @return false when the client already has as many replies queued as it may (it does not read)
     */
    boolean send(Message reply);

    /** Sends a WebSocket ping. */
    void ping();

    /**
     * When the reply being written now was started, on the registry's clock ({@link System#nanoTime()}), or 0 when
     * none is.
     */
    long writingSince();

    /** Completes once every reply queued so far has been written, or could not be. */
    CompletableFuture<Void> flushed();

    /** The connection has closed: what is still queued for it will never be sent, and its memory goes now. */
    default void closed() {
    }

    /** Closes the connection with {@code code}; the reason is shown to the client. */
    void close(int code, String reason);
}
