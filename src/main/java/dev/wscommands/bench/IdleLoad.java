package dev.wscommands.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Opens many connections and holds them without traffic, then sends one request on each and counts the
 * connections that answer. Uses bare sockets rather than a WebSocket library: an idle connection then costs
 * the tool one socket and no thread, and each socket can be bound to its own loopback source address, so that
 * many connections stay within the server's per-address limit.
 */
public final class IdleLoad {

    /** Connections per source address, below the server's default per-address limit (256). */
    public static final int PER_ADDRESS = 250;
    private static final int OPENERS = 4;
    private static final int TIMEOUT_MILLIS = 10_000;

    private final LoadPlan plan;
    private final PrintStream progress;

    /** @param progress where progress lines go (standard error), or {@code null} */
    public IdleLoad(LoadPlan plan, PrintStream progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** Source addresses for {@code connections} connections to {@code host}: 127.0.0.1, .2, ... for loopback. */
    static List<InetAddress> sourceAddresses(String host, int connections) throws IOException {
        InetAddress target = InetAddress.getByName(host);
        if (!target.isLoopbackAddress() || !(target.getAddress().length == 4)) {
            return List.of();
        }
        int count = Math.min(250, (connections + PER_ADDRESS - 1) / PER_ADDRESS);
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            addresses.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
        }
        return addresses;
    }

    public IdleReport run() throws IOException, InterruptedException {
        long cpuBefore = ProcessProbe.ownCpuNanos();
        long rssBefore = serverRss();
        List<InetAddress> sources = sourceAddresses(plan.url().getHost(), plan.connections());
        BareConnection[] sockets = new BareConnection[plan.connections()];

        long start = System.nanoTime();
        ExecutorService openers = Executors.newFixedThreadPool(OPENERS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < OPENERS; t++) {
                int first = t;
                work.add(openers.submit(() -> {
                    for (int i = first; i < sockets.length; i += OPENERS) {
                        InetAddress source = sources.isEmpty() ? null : sources.get(i / PER_ADDRESS % sources.size());
                        sockets[i] = open(source);
                    }
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("opening failed: " + e.getCause(), e.getCause());
        } finally {
            openers.shutdownNow();
        }
        long openMillis = (System.nanoTime() - start) / 1_000_000;
        int opened = 0;
        for (BareConnection socket : sockets) {
            opened += socket != null ? 1 : 0;
        }
        say("opened %d of %d connections in %d ms; holding them %d s", opened, sockets.length, openMillis,
                plan.duration().toSeconds());

        long heldUntil = System.nanoTime() + plan.duration().toNanos();
        while (System.nanoTime() < heldUntil) {
            TimeUnit.NANOSECONDS.sleep(Math.min(1_000_000_000L, Math.max(0, heldUntil - System.nanoTime())));
        }
        long rssHeld = serverRss();

        int alive = 0;
        try {
            for (int i = 0; i < sockets.length; i++) {
                if (sockets[i] != null && !send(sockets[i], i + 1)) {
                    sockets[i].close();
                    sockets[i] = null;
                }
            }
            for (int i = 0; i < sockets.length; i++) {
                if (sockets[i] != null && answered(sockets[i], i + 1)) {
                    alive++;
                }
            }
        } finally {
            for (BareConnection socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        long cpu = ProcessProbe.ownCpuNanos();
        return new IdleReport(plan, Math.max(1, sources.size()), opened, openMillis, alive, rssBefore, rssHeld,
                cpu < 0 || cpuBefore < 0 ? -1 : cpu - cpuBefore);
    }

    private long serverRss() {
        return plan.serverPid().isPresent() ? ProcessProbe.rssBytes(plan.serverPid().getAsLong()).orElse(-1) : -1;
    }

    private void say(String format, Object... args) {
        if (progress != null) {
            progress.println("[idle] " + String.format(Locale.ROOT, format, args));
        }
    }

    /** Opens one connection and completes the handshake; {@code null} when the server refused it. */
    private BareConnection open(InetAddress source) {
        try {
            return BareConnection.open(plan.url(), source, TIMEOUT_MILLIS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Sends the plan's request with {@code id}; whether it could be written. */
    private boolean send(BareConnection connection, long id) {
        try {
            connection.send(plan.request(id));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the next message on {@code connection} is the reply to {@code id}. */
    private static boolean answered(BareConnection connection, long id) {
        try {
            return LoadGenerator.requestId(connection.receive()) == id;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
