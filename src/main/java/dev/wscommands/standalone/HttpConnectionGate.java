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
import java.util.logging.Logger;
import org.glassfish.grizzly.Connection;
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
 * A connection leaves the gate when its handshake is answered with 101; from then on the session's own rules
 * apply (ping, idle timeout). Deadlines are checked by one sweep, a few times per timeout.
 */
final class HttpConnectionGate extends BaseFilter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HttpConnectionGate.class.getName());

    private final HttpLimits limits;
    private final ServerMetrics metrics;
    private final long headNanos;
    private final long keepAliveNanos;
    private final Map<Connection<?>, Pending> pending = new ConcurrentHashMap<>();
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

    HttpConnectionGate(HttpLimits limits, ServerMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
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
        sweeper.scheduleWithFixedDelay(this::closeOverdue, period, period, TimeUnit.MILLISECONDS);
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

    /** The connection became a WebSocket session: the gate no longer counts or times it. */
    void upgraded(Connection<?> connection) {
        forget(connection);
    }

    /** Connections counted now, for tests and diagnostics. */
    int pendingConnections() {
        return pending.size();
    }

    private void forget(Connection<?> connection) {
        Pending state = pending.remove(connection);
        if (state != null) {
            release(state.address);
        }
    }

    private void release(InetAddress address) {
        total.decrementAndGet();
        perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    private void closeOverdue() {
        long now = System.nanoTime();
        pending.forEach((connection, state) -> {
            if (now - state.deadline > 0) {
                forget(connection);
                metrics.httpDropped(state.idle ? HttpDrop.KEEP_ALIVE_TIMEOUT : HttpDrop.REQUEST_HEAD_TIMEOUT);
                LOG.fine(() -> "closed HTTP connection from " + state.address + ": "
                        + (state.idle ? "idle past the keep-alive timeout" : "no complete request within the request head timeout"));
                // At once, without flushing: a client that never reads would hold a graceful close open.
                connection.terminateSilently();
            }
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
