package dev.wscommands.client;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * The WebSocket container that opens a client's connections. By default each {@link CommandClient} makes its own
 * and stops it on {@link CommandClient#close()}; many clients in one process can share one instead
 * ({@link ClientSettings#withContainer}), which only its own {@link #close()} stops. Each client's TLS context and
 * reply size limit apply to its connections alone; the handshake timeout is the container's.
 *
 * <pre>{@code
 * try (ClientContainer shared = ClientContainer.create(Duration.ofSeconds(10))) {
 *     CommandClient first = CommandClient.connect(settings.withContainer(shared));
 *     CommandClient second = CommandClient.connect(otherSettings.withContainer(shared));
 *     ...
 * }
 * }</pre>
 */
public final class ClientContainer implements AutoCloseable {

    private final ClientManager manager;
    private final Duration handshakeTimeout;
    /** What each client sharing the container does when it closes under them. */
    private final Set<Runnable> clients = new LinkedHashSet<>();
    private boolean closed;

    private ClientContainer(Duration handshakeTimeout) {
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("handshake timeout must be positive and below 24 days, was "
                    + handshakeTimeout);
        }
        this.handshakeTimeout = handshakeTimeout;
        this.manager = ClientManager.createClient(GuardedClientContainer.class.getName());
        manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, (int) handshakeTimeout.toMillis());
    }

    /**
     * A container to share between clients, whose connection attempts (TCP and handshake) each take at most
     * {@code handshakeTimeout}: with it, a client's own {@link ClientSettings#connectTimeout()} does not apply.
     */
    public static ClientContainer create(Duration handshakeTimeout) {
        return new ClientContainer(handshakeTimeout);
    }

    /** The longest time one connection attempt may take. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    ClientManager manager() {
        return manager;
    }

    /** A client starts sharing the container; false when it is closed. */
    synchronized boolean join(Runnable onClose) {
        return !closed && clients.add(onClose);
    }

    /** A client that shared the container closed. */
    synchronized void leave(Runnable onClose) {
        clients.remove(onClose);
    }

    /**
     * Stops the container's threads. Close the clients that share it first: one still open stops, as if it gave
     * up, its pending requests failing with {@code client gave up: its shared ClientContainer was closed}, and
     * a client made with the closed container is refused with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        List<Runnable> open;
        synchronized (this) {
            closed = true;
            open = List.copyOf(clients);
            clients.clear();
        }
        open.forEach(Runnable::run);
        manager.shutdown();
    }
}
