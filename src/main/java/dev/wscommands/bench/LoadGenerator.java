package dev.wscommands.bench;

import dev.wscommands.protocol.ClientId;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientProperties;
import org.glassfish.tyrus.core.MaskingKeyGenerator;

/**
 * Keeps {@code inFlight} requests in flight on each of {@code connections} connections for the warm-up and
 * the measured duration: every reply is matched to its request by RequestID, timed, and answered with the next
 * request on the same connection (a closed loop, like the Go load generator it is compared with).
 *
 * <p>The tool must cost little next to the server it measures: requests are pre-built text around the id,
 * and replies are not decoded, only their RequestID is read. A reply counts as an error unless it says
 * {@code "Success":true}.
 */
public final class LoadGenerator {

    private static final String REQUEST_START = LoadPlan.requestHead();
    private static final String SUCCESS_END = "\"Success\":true}";
    /** How long, after the measured part, the run waits for the replies still in flight. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final LoadPlan plan;
    private final String requestTail;
    private final PrintStream progress;
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final LongAdder replies = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder mismatched = new LongAdder();
    private volatile boolean sending = true;

    /** @param progress where the once-a-second progress line goes (standard error), or {@code null} */
    private final String token;

    public LoadGenerator(LoadPlan plan, PrintStream progress) {
        this(plan, progress, null);
    }

    /** A load whose connections authenticate with {@code token} ({@code Authorization: Bearer}); null for none. */
    public LoadGenerator(LoadPlan plan, PrintStream progress, String token) {
        this.token = token;
        this.plan = plan;
        this.requestTail = plan.requestTail();
        this.progress = progress;
    }

    /** Runs the whole plan and reports its measured part. */
    public BenchReport run() throws IOException, DeploymentException, InterruptedException {
        ClientManager client = client();
        List<Channel> channels = new ArrayList<>(plan.connections());
        try {
            long connectStart = System.nanoTime();
            for (int i = 0; i < plan.connections(); i++) {
                Channel channel = new Channel(plan.inFlight());
                client.connectToServer(channel, config(), plan.url());
                channels.add(channel);
            }
            long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;
            for (Channel channel : channels) {
                channel.start();
            }

            long start = System.nanoTime();
            runFor(plan.warmup(), start, "warmup", null);
            latencies.interval();
            long measureStart = System.nanoTime();
            long repliesBefore = replies.sum();
            long errorsBefore = errors.sum();
            long mismatchedBefore = mismatched.sum();
            long toolCpuBefore = ProcessProbe.ownCpuNanos();
            long serverCpuBefore = serverCpu();

            Histogram total = LatencyRecorder.emptyTotal();
            runFor(plan.duration(), measureStart, "run", total);
            sending = false;
            long measureEnd = System.nanoTime();
            long measuredReplies = replies.sum() - repliesBefore;
            long toolCpu = difference(ProcessProbe.ownCpuNanos(), toolCpuBefore);
            long serverCpu = difference(serverCpu(), serverCpuBefore);

            long missing = drain(channels);
            Histogram tail = latencies.interval();
            total.add(tail);
            return new BenchReport(plan, (measureEnd - measureStart) / 1e9, measuredReplies, total,
                    errors.sum() - errorsBefore, mismatched.sum() - mismatchedBefore, missing, connectMillis,
                    toolCpu, serverCpu);
        } finally {
            sending = false;
            for (Channel channel : channels) {
                channel.close();
            }
        }
    }

    private ClientEndpointConfig config() {
        ClientEndpointConfig.Builder config = ClientEndpointConfig.Builder.create();
        // A Client-Id of this connection's own when the plan says so: connections number their requests alike.
        String clientId = plan.clientIds() ? java.util.UUID.randomUUID().toString() : null;
        if (token != null || clientId != null) {
            config.configurator(new ClientEndpointConfig.Configurator() {
                @Override
                public void beforeRequest(java.util.Map<String, List<String>> headers) {
                    if (token != null) {
                        headers.put("Authorization", List.of("Bearer " + token));
                    }
                    if (clientId != null) {
                        headers.put(ClientId.HEADER, List.of(clientId));
                    }
                }
            });
        }
        return config.build();
    }

    /** One Tyrus client for every connection: one shared Grizzly transport with a few threads, cheap masking. */
    private static ClientManager client() {
        ClientManager client = ClientManager.createClient();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        client.getProperties().put(GrizzlyClientProperties.SELECTOR_THREAD_POOL_CONFIG,
                ThreadPoolConfig.defaultConfig().setPoolName("bench-selector").setCorePoolSize(threads)
                        .setMaxPoolSize(threads));
        client.getProperties().put(GrizzlyClientProperties.WORKER_THREAD_POOL_CONFIG,
                ThreadPoolConfig.defaultConfig().setPoolName("bench-worker").setCorePoolSize(threads)
                        .setMaxPoolSize(threads));
        // Masking keys only need to be unpredictable to proxies; a secure random per frame is wasted CPU here.
        client.getProperties().put(ClientProperties.MASKING_KEY_GENERATOR,
                (MaskingKeyGenerator) () -> ThreadLocalRandom.current().nextInt());
        // A negative idle timeout keeps Tyrus from rescheduling an idle timer on every message.
        client.setDefaultMaxSessionIdleTimeout(-1);
        return client;
    }

    private long serverCpu() {
        return plan.serverPid().isPresent() ? ProcessProbe.cpuNanos(plan.serverPid().getAsLong()).orElse(-1) : -1;
    }

    private static long difference(long after, long before) {
        return after < 0 || before < 0 ? -1 : after - before;
    }

    /** Lets the load run for {@code length}, printing a progress line each second; adds intervals to {@code total}. */
    private void runFor(Duration length, long start, String phase, Histogram total) throws InterruptedException {
        long end = start + length.toNanos();
        long last = replies.sum();
        long lastAt = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(end - now, 1_000_000_000L));
            Histogram interval = latencies.interval();
            long count = replies.sum();
            long at = System.nanoTime();
            if (progress != null) {
                progress.printf(Locale.ROOT, "[%5.1fs] %-6s %,9.0f msg/s  p50 %7.1f µs  p99 %8.1f µs  errors %d%n",
                        (at - start) / 1e9, phase, (count - last) * 1e9 / (at - lastAt),
                        interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0,
                        errors.sum());
            }
            if (total != null) {
                total.add(interval);
            }
            latencies.recycle(interval);
            last = count;
            lastAt = at;
        }
    }

    /** Waits for the replies still in flight; returns how many never came. */
    private long drain(List<Channel> channels) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        for (Channel channel : channels) {
            if (!channel.awaitIdle(deadline)) {
                break;
            }
        }
        long missing = 0;
        for (Channel channel : channels) {
            missing += channel.outstanding();
        }
        return missing;
    }

    /**
     * Reads the RequestID of a reply without decoding it: the server writes it first, so it is found at once;
     * anywhere else it is searched for. {@link Long#MIN_VALUE} when there is none.
     */
    static long requestId(String reply) {
        int at = reply.startsWith(REQUEST_START) ? REQUEST_START.length() : reply.indexOf("\"RequestID\":");
        if (at < 0) {
            return Long.MIN_VALUE;
        }
        if (at != REQUEST_START.length()) {
            at += "\"RequestID\":".length();
        }
        boolean negative = at < reply.length() && reply.charAt(at) == '-';
        int i = negative ? at + 1 : at;
        long id = 0;
        int digits = 0;
        for (; i < reply.length(); i++, digits++) {
            char c = reply.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            id = id * 10 + (c - '0');
        }
        return digits == 0 || digits > 18 ? Long.MIN_VALUE : negative ? -id : id;
    }

    /**
     * One connection with its requests in flight. Request ids carry the slot they occupy ({@code id % inFlight}),
     * so a reply finds its request without a map.
     */
    private final class Channel extends Endpoint implements MessageHandler.Whole<String>, SendHandler {

        private final int inFlight;
        private final long[] slotId;
        private final long[] sentAt;
        private long sequence;
        private int outstanding;
        private Session session;

        Channel(int inFlight) {
            this.inFlight = inFlight;
            this.slotId = new long[inFlight];
            this.sentAt = new long[inFlight];
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            session.addMessageHandler(String.class, this);
        }

        synchronized void start() {
            for (int slot = 0; slot < inFlight; slot++) {
                send(slot);
            }
        }

        private void send(int slot) {
            long id = ++sequence * inFlight + slot;
            slotId[slot] = id;
            sentAt[slot] = System.nanoTime();
            outstanding++;
            session.getAsyncRemote().sendText(REQUEST_START + id + requestTail, this);
        }

        @Override
        public void onMessage(String reply) {
            long now = System.nanoTime();
            long id = requestId(reply);
            synchronized (this) {
                int slot = id < 0 ? -1 : (int) (id % inFlight);
                if (slot < 0 || slotId[slot] != id) {
                    mismatched.increment();
                    return;
                }
                latencies.record(now - sentAt[slot]);
                slotId[slot] = 0;
                outstanding--;
                replies.increment();
                if (!reply.endsWith(SUCCESS_END)) {
                    errors.increment();
                }
                if (sending) {
                    send(slot);
                } else if (outstanding == 0) {
                    notifyAll();
                }
            }
        }

        @Override
        public void onResult(SendResult result) {
            if (!result.isOK()) {
                errors.increment();
            }
        }

        @Override
        public void onError(Session session, Throwable failure) {
            errors.increment();
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            if (sending) {
                errors.increment();
            }
            synchronized (this) {
                notifyAll();
            }
        }

        synchronized int outstanding() {
            return outstanding;
        }

        /** Waits until no request is in flight, or {@code deadline} ({@link System#nanoTime()}) passes. */
        synchronized boolean awaitIdle(long deadline) throws InterruptedException {
            while (outstanding > 0 && session.isOpen()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        void close() {
            try {
                if (session != null && session.isOpen()) {
                    session.close();
                }
            } catch (IOException e) {
                // The run is over; a connection that fails to close cleanly changes no figure.
            }
        }
    }
}
