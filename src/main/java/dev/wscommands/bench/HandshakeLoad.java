package dev.wscommands.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection churn: C threads each open a connection (with a bearer token, if given), send one request, read its
 * reply and close, over and over; measures completed handshakes per second and the server's CPU time per handshake.
 * What authentication costs at the handshake shows here, where the steady load of {@link LoadGenerator} does not see
 * it. Bare sockets, so the tool's own cost per connection stays small.
 */
public final class HandshakeLoad {

    private static final int TIMEOUT_MILLIS = 10_000;

    private final LoadPlan plan;
    private final String headers;
    private final PrintStream progress;
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong firstFailure = new AtomicLong();
    private volatile String failure;
    private volatile boolean counting;
    private volatile boolean running = true;

    /** A churn of {@code plan}'s connections, each authenticating with {@code token} (null for none). */
    public HandshakeLoad(LoadPlan plan, String token, PrintStream progress) {
        this.plan = plan;
        this.headers = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
        this.progress = progress;
    }

    public HandshakeReport run() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.connections(); i++) {
            Thread thread = new Thread(this::churn, "bench-handshakes-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        try {
            Thread.sleep(plan.warmup().toMillis());
            counting = true;
            long before = completed.sum();
            long failedBefore = failed.sum();
            long serverCpuBefore = serverCpu();
            long start = System.nanoTime();
            Thread.sleep(plan.duration().toMillis());
            long done = completed.sum() - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            long serverCpu = serverCpuBefore < 0 ? -1 : Math.max(-1, serverCpu() - serverCpuBefore);
            progress.printf("handshakes: %d in %.1f s%n", done, seconds);
            return new HandshakeReport(plan, seconds, done, failed.sum() - failedBefore, failure, serverCpu);
        } finally {
            running = false;
            for (Thread thread : threads) {
                thread.join(TIMEOUT_MILLIS);
            }
        }
    }

    private void churn() {
        long id = 0;
        while (running) {
            try (BareConnection connection = BareConnection.open(plan.url(), null, TIMEOUT_MILLIS, headers)) {
                connection.send(plan.request(++id));
                String reply = connection.receive();
                if (!reply.contains("\"Success\":true")) {
                    throw new IOException("not a success: " + reply);
                }
                completed.increment();
            } catch (IOException e) {
                failed.increment();
                if (firstFailure.compareAndSet(0, System.nanoTime())) {
                    failure = e.getMessage();
                }
            }
        }
    }

    private long serverCpu() {
        return plan.serverPid().isPresent() ? ProcessProbe.cpuNanos(plan.serverPid().getAsLong()).orElse(-1) : -1;
    }
}
