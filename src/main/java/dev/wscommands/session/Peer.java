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

    /**
     * Closes the connection as {@link #close} does, because its client does not read what it is sent: what it has
     * not taken when the connection goes is dropped (the socket is reset) where the transport allows, rather than
     * left to the kernel, which would go on offering it, for minutes, to a client that never takes it.
     */
    default void closeUnread(int code, String reason) {
        close(code, reason);
    }

    /**
     * Whether {@link #cut()} is needed one close grace after a close began: true where the transport waits longer
     * than that for a client that never answers the close (Tomcat); false where it bounds that itself (the
     * standalone server's gate) or cannot be reached.
     */
    default boolean needsCut() {
        return false;
    }

    /**
     * Ends the connection at once, its socket reset, if it is still there one close grace after the server began to
     * close it: its client has not taken the close, and the transport alone would hold it longer.
     *
     * @return whether there was still a connection to end
     */
    default boolean cut() {
        return false;
    }
}
