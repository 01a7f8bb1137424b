package dev.wscommands.standalone;

import dev.wscommands.operations.HttpDrop;
import dev.wscommands.operations.ServerMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.wscommands.session.PeriodicTask;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.logging.Logger;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.nio.transport.TCPNIOConnection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;

/**
 * Counts and times every connection until it becomes a WebSocket session, so that no client can hold the
 * server's sockets without ever becoming a session the session limits count. It sits first in the filter
 * chain, before TLS, and applies the {@link HttpLimits}:
 * <ul>
 *   <li>a connection past the total or per-address limit is closed as soon as it is accepted;</li>
 *   <li>a connection must send a complete request head, and have it answered, within the request head
 *       timeout: from its opening, or from the first byte of a later request;</li>
 *   <li>between requests, it may stay idle for the keep-alive timeout.</li>
 * </ul>
 * A connection leaves the gate's count when its handshake is answered with 101; from then on the session's own
 * rules apply (ping, idle timeout). It comes back once the server begins to close it: from then on it counts
 * against the limits above again, until its socket is gone, and if its client has not taken the close
 * within the close grace (a client that reads nothing never does, and its unread replies would hold the
 * socket for ever) the socket is cut. Deadlines are checked by one sweep, a few times per timeout.
 */
final class HttpConnectionGate extends BaseFilter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HttpConnectionGate.class.getName());
    /** Where Tyrus keeps an upgraded connection's WebSocket connection: ours, a {@code GuardedConnection}. */
    private static final Attribute<Object> TYRUS_CONNECTION = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
            "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter.Connection");

    private final HttpLimits limits;
    private final ServerMetrics metrics;
    private final long headNanos;
    private final long keepAliveNanos;
    private final long closeGraceNanos;
    private final Map<Connection<?>, Pending> pending = new ConcurrentHashMap<>();
    /** Upgraded connections, with their address; counted again (true) once they are closing. */
    private final Map<Connection<?>, Upgraded> upgraded = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ScheduledExecutorService sweeper;

    /** One connection not yet upgraded: its address, and when it is closed unless something happens first. */
    private static final class Pending {
        final InetAddress address;
        volatile long deadline;
        volatile boolean idle;

        Pending(InetAddress address, long deadline) {
            this.address = address;
            this.deadline = deadline;
        }
    }

    /** An upgraded connection: its address, and whether it counts again because it is closing. */
    private final class Upgraded {
        final InetAddress address;
        private boolean counted;
        private boolean gone;

        Upgraded(InetAddress address) {
            this.address = address;
        }

        /** It began to close: it counts again (once), unless it is already gone. */
        synchronized void closing() {
            if (!counted && !gone) {
                counted = true;
                count(address);
            }
        }

        /** It is gone: what it counted is given back (once). */
        synchronized void gone() {
            if (!gone && counted) {
                release(address);
            }
            gone = true;
        }
    }

    /**
     * @param closeGrace how long an upgraded connection that the server began to close may take to go before
     *                   its socket is cut
     */
    HttpConnectionGate(HttpLimits limits, ServerMetrics metrics, java.time.Duration closeGrace) {
        this.limits = limits;
        this.metrics = metrics;
        this.closeGraceNanos = closeGrace.toNanos();
        this.headNanos = limits.requestHeadTimeout().toNanos();
        this.keepAliveNanos = limits.keepAliveTimeout().toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ws-commands-http-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // A deadline is met to within a quarter of the shorter timeout (at most a second late).
        long period = Math.max(10, Math.min(1000,
                Math.min(limits.requestHeadTimeout().toMillis(), limits.keepAliveTimeout().toMillis()) / 4));
        sweeper.scheduleWithFixedDelay(new PeriodicTask("the HTTP deadline sweep", this::sweep, LOG),
                period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        InetAddress address = address(connection);
        AtomicInteger fromAddress = perAddress.compute(address, (a, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            c.incrementAndGet();
            return c;
        });
        int all = total.incrementAndGet();
        if (all > limits.maxConnections() || fromAddress.get() > limits.maxConnectionsPerAddress()) {
            release(address);
            metrics.httpDropped(all > limits.maxConnections()
                    ? HttpDrop.MAX_HTTP_CONNECTIONS : HttpDrop.MAX_HTTP_CONNECTIONS_PER_ADDRESS);
            LOG.fine(() -> "connection from " + address + " refused: "
                    + (all > limits.maxConnections() ? "too many HTTP connections" : "too many HTTP connections from its address"));
            connection.closeSilently();
            return ctx.getStopAction();
        }
        pending.put(connection, new Pending(address, System.nanoTime() + headNanos));
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Pending state = pending.get(ctx.getConnection());
        if (state != null && state.idle) {
            // The first byte of the next request: its head has the head timeout from now.
            state.idle = false;
            state.deadline = System.nanoTime() + headNanos;
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        forget(ctx.getConnection());
        return ctx.getInvokeAction();
    }

    /** The connection's request was answered and it stays open for the next one. */
    void answered(Connection<?> connection) {
        Pending state = pending.get(connection);
        if (state != null) {
            state.idle = true;
            state.deadline = System.nanoTime() + keepAliveNanos;
        }
    }

    /**
     * The connection became a WebSocket session: the gate no longer counts or times it, until the server begins
     * to close it.
     */
    void upgraded(Connection<?> connection) {
        Pending state = pending.remove(connection);
        if (state != null) {
            release(state.address);
            upgraded.put(connection, new Upgraded(state.address));
        }
    }

    /** Connections counted now, for tests and diagnostics: not upgraded, or upgraded and closing. */
    int pendingConnections() {
        return total.get();
    }

    private void forget(Connection<?> connection) {
        Pending state = pending.remove(connection);
        if (state != null) {
            release(state.address);
        }
        Upgraded session = upgraded.remove(connection);
        if (session != null) {
            session.gone();
        }
    }

    private void release(InetAddress address) {
        total.decrementAndGet();
        perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    private void sweep() {
        long now = System.nanoTime();
        closeOverdue(now);
        cutClosing(now);
    }

    private void closeOverdue(long now) {
        pending.forEach((connection, state) -> {
            // Only a connection still pending when it is taken off: one that was upgraded meanwhile is not cut.
            if (now - state.deadline > 0 && pending.remove(connection, state)) {
                release(state.address);
                metrics.httpDropped(state.idle ? HttpDrop.KEEP_ALIVE_TIMEOUT : HttpDrop.REQUEST_HEAD_TIMEOUT);
                LOG.fine(() -> "closed HTTP connection from " + state.address + ": "
                        + (state.idle ? "idle past the keep-alive timeout" : "no complete request within the request head timeout"));
                // At once, without flushing: a client that never reads would hold a graceful close open.
                connection.terminateSilently();
            }
        });
    }

    /** Counts the upgraded connections that began to close, and cuts those past the close grace. */
    private void cutClosing(long now) {
        upgraded.forEach((connection, session) -> {
            long since = TYRUS_CONNECTION.get(connection) instanceof GuardedWebSocketEngine.GuardedConnection guarded
                    ? guarded.closingSince() : 0;
            if (since == 0) {
                return;
            }
            session.closing();
            if (now - since > closeGraceNanos && upgraded.remove(connection, session)) {
                session.gone();
                LOG.fine(() -> "cut WebSocket connection from " + session.address + ": its close was not taken within "
                        + closeGraceNanos / 1_000_000 + " ms");
                metrics.httpDropped(HttpDrop.CLOSE_TIMEOUT);
                terminate(connection);
            }
        });
    }

    /** Closes the socket at once, with a reset: unsent bytes are dropped, not left to the kernel to send. */
    private static void terminate(Connection<?> connection) {
        if (connection instanceof TCPNIOConnection tcp && tcp.getChannel() instanceof SocketChannel channel) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                // closed meanwhile: the close below is all there is to do
            }
        }
        connection.terminateSilently();
    }

    private void count(InetAddress address) {
        total.incrementAndGet();
        perAddress.compute(address, (a, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            c.incrementAndGet();
            return c;
        });
    }

    private static InetAddress address(Connection<?> connection) {
        Object peer = connection.getPeerAddress();
        return peer instanceof InetSocketAddress socket ? socket.getAddress() : InetAddress.getLoopbackAddress();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
