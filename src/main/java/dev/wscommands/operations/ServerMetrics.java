package dev.wscommands.operations;


import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every meter of one server, in Prometheus form for {@code GET /metrics}. Counting is an increment of a
 * {@link LongAdder} made when the server starts: no lookup by tags and no allocation per message, and no
 * metrics library on the path of a request. The Micrometer registry that exposes the counts is built on a
 * background thread when first needed, off the start-up path (it loads some 400 classes); the first request
 * waits for it once, so the latency histogram misses none. The JVM and process meters follow a moment later.
 * The names below are as Prometheus shows them.
 *
 * <ul>
 *   <li>{@code ws_commands_sessions_open}: sessions open now</li>
 *   <li>{@code ws_commands_sessions_opened_total}: sessions admitted</li>
 *   <li>{@code ws_commands_sessions_closed_total{code}}: admitted sessions closed, by close code</li>
 *   <li>{@code ws_commands_sessions_refused_total{reason}}: handshakes and sessions refused, by {@link Refusal}</li>
 *   <li>{@code ws_commands_http_connections_dropped_total{reason}}: connections of the standalone server refused
 *       or closed before they became WebSocket sessions, by {@link HttpDrop}</li>
 *   <li>{@code ws_commands_messages_received_total}, {@code ws_commands_messages_sent_total}: text messages in,
 *       and replies handed to the container for sending</li>
 *   <li>{@code ws_commands_decode_errors_total}: messages that were not a valid request</li>
 *   <li>{@code ws_commands_replies_total{command,outcome}}: requests by command (known commands by name,
 *       others as {@value #UNKNOWN_COMMAND}, undecodable ones as {@value #INVALID_REQUEST}) and how they ended
 *       ({@link Outcome}: {@code success}, {@code error}, {@code timeout}, {@code cancelled}, {@code busy},
 *       {@code dropped}, {@code forbidden})</li>
 *   <li>{@code ws_commands_commands_in_flight{command}}: blocking and asynchronous commands running now</li>
 *   <li>{@code ws_commands_requests_rate_limited_total}: requests refused by the rate limit</li>
 *   <li>{@code ws_commands_request_duration_seconds{command}}: histogram of the time from a request's arrival to
 *       its reply being queued</li>
 *   <li>{@code ws_commands_pings_sent_total}, {@code ws_commands_pongs_missed_total}</li>
 *   <li>{@code ws_commands_replays_total{how}}: resends of clients with a client ID answered from the first
 *       run, {@code how="stored"} (it had ended) or {@code how="joined"} (it was running);
 *       {@code ws_commands_reuse_refused_total}: requests refused because their RequestID was used for another
 *       request; {@code ws_commands_claims_taken_over_total}: requests run after waiting for another run whose
 *       claim ended without a reply (its server died), which may have run twice</li>
 *   <li>{@code ws_commands_reply_store_entries}, {@code ws_commands_reply_store_bytes} (the memory store):
 *       entries and bytes of replies kept; {@code ws_commands_reply_store_errors_total} and
 *       {@code ws_commands_reply_store_calls_seconds_count/_sum} (Redis): failed calls, and the answered ones
 *       with their time</li>
 *   <li>JVM and process meters: memory, threads, CPU, open files, uptime</li>
 * </ul>
 */
public final class ServerMetrics implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServerMetrics.class.getName());

    /** The media type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    static final String UNKNOWN_COMMAND = "(unknown)";
    static final String INVALID_REQUEST = "(invalid)";
    /** Close codes with a counter of their own; any other code counts as {@code other}. */
    static final int[] CLOSE_CODES = {1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1011, 1013};
    private static final int OTHER_CODE = 16;

    private final LongAdder opened = new LongAdder();
    /** Indexed by close code minus 1000; the last one counts every code outside 1000..1015. */
    private final LongAdder[] closed = new LongAdder[17];
    private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);
    private final Map<HttpDrop, LongAdder> httpDropped = new EnumMap<>(HttpDrop.class);
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder decodeErrors = new LongAdder();
    private final Map<String, Outcomes> replies = new HashMap<>();
    private final Outcomes unknownCommand = new Outcomes(UNKNOWN_COMMAND);
    private final Outcomes invalidRequest = new Outcomes(INVALID_REQUEST);
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder pingsSent = new LongAdder();
    private final LongAdder pongsMissed = new LongAdder();
    private volatile boolean registered;
    private volatile IntSupplier openSessions = () -> 0;
    private volatile ReplyStoreMeters replyStore;
    private CompletableFuture<PrometheusMeterRegistry> registry;

    /**
     * Creates every counter; the registry follows with {@link #watch}.
     *
     * @param commands the known commands, each with a {@code command} label value of its own
     */
    public ServerMetrics(Set<String> commands) {
        for (int i = 0; i < closed.length; i++) {
            closed[i] = new LongAdder();
        }
        for (Refusal refusal : Refusal.values()) {
            refused.put(refusal, new LongAdder());
        }
        for (HttpDrop drop : HttpDrop.values()) {
            httpDropped.put(drop, new LongAdder());
        }
        for (String command : commands) {
            replies.put(command, new Outcomes(command));
        }
    }

    /** Shows {@code openSessions} as the gauge of sessions open now. */
    public void watch(IntSupplier openSessions) {
        this.openSessions = openSessions;
    }

    /** Shows the replays and the reply store of {@code meters}; call before the first scrape. */
    public void watchReplies(ReplyStoreMeters meters) {
        this.replyStore = meters;
    }

    /**
     * The registry, built on a background thread when first needed (the first scrape or the first request):
     * it loads some 400 classes, which would otherwise delay the server's start.
     */
    /** The thread that builds the registry, once started. */
    private Thread builder;

    private synchronized CompletableFuture<PrometheusMeterRegistry> registry() {
        if (registry == null) {
            registry = new CompletableFuture<>();
            Thread builder = new Thread(() -> {
                try {
                    PrometheusMeterRegistry meters = register();
                    registry.complete(meters);
                    bindJvmMeters(meters);
                } catch (RuntimeException | LinkageError e) {
                    // Without a registry there is no /metrics and no latency histogram: say so once, loudly.
                    LOG.log(Level.SEVERE, "metrics unavailable: the meter registry could not be built", e);
                    registry.completeExceptionally(e);
                }
            }, "ws-commands-metrics");
            builder.setDaemon(true);
            builder.start();
            this.builder = builder;
        }
        return registry;
    }

    /**
     * Every meter in the Prometheus text format, version 0.0.4 ({@link #CONTENT_TYPE}); empty when the registry
     * could not be built (logged once when it failed).
     */
    public Optional<String> scrape() {
        return registry().thenApply(meters -> Optional.of(meters.scrape()))
                .exceptionally(failed -> Optional.empty()).join();
    }

    /** The body of {@code GET /metrics} when there are none to show (answered with 503). */
    public static final String UNAVAILABLE = "metrics unavailable\n";

    public void sessionOpened() {
        opened.increment();
    }

    public void sessionClosed(int code) {
        closed[slot(code)].increment();
    }

    /** The counter of {@code code}: its own when it has one, else {@code other}. */
    static int slot(int code) {
        for (int own : CLOSE_CODES) {
            if (own == code) {
                return code - 1000;
            }
        }
        return OTHER_CODE;
    }

    /** The standalone server dropped a connection before it became a WebSocket session. */
    public void httpDropped(HttpDrop reason) {
        httpDropped.get(reason).increment();
    }

    /** A handshake or a new session was refused. */
    public void refused(Refusal refusal) {
        refused.get(refusal).increment();
    }

    public void messageReceived() {
        received.increment();
    }

    public void messageSent() {
        sent.increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    /**
     * A request for {@code command} ended with {@code outcome}; it arrived at {@code arrivedAt}
     * ({@link System#nanoTime()}). Its latency is recorded unless its reply was dropped.
     */
    public void replied(String command, Outcome outcome, long arrivedAt) {
        Outcomes outcomes = outcomes(command);
        outcomes.count(outcome);
        if (outcome != Outcome.DROPPED) {
            recordLatency(outcomes, arrivedAt);
        }
    }

    /** A blocking or asynchronous {@code command} started ({@code +1}) or ended ({@code -1}). */
    public void inFlight(String command, int change) {
        outcomes(command).inFlight.add(change);
    }

    /** An undecodable message was answered with an error. */
    public void undecodable(long arrivedAt) {
        decodeErrors.increment();
        invalidRequest.count(Outcome.ERROR);
        recordLatency(invalidRequest, arrivedAt);
    }

    private Outcomes outcomes(String command) {
        Outcomes outcomes = replies.get(command);
        return outcomes == null ? unknownCommand : outcomes;
    }

    public void pingSent() {
        pingsSent.increment();
    }

    public void pongMissed() {
        pongsMissed.increment();
    }

    @Override
    public void close() {
        Thread building;
        synchronized (this) {
            if (registry != null) {
                registry.thenAccept(PrometheusMeterRegistry::close);
            }
            building = builder;
        }
        if (building != null) {
            // Its last step (the JVM's meters) may still run: it ends before the server counts as stopped, so
            // that a container looking for threads its web application left behind (Tomcat) finds none.
            try {
                building.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void recordLatency(Outcomes outcomes, long arrivedAt) {
        if (!registered) {
            // Only the requests of the first moments after start get here: they wait for the registry, so
            // that the histogram misses none.
            if (registry().thenApply(ready -> true).exceptionally(failed -> false).join() == Boolean.FALSE) {
                return;
            }
        }
        outcomes.latency.record(System.nanoTime() - arrivedAt, TimeUnit.NANOSECONDS);
    }

    private PrometheusMeterRegistry register() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Pause detection would start a background thread (one that a WAR would leak on undeploy) and add
        // work to every recorded request; our latencies are far below the pauses it corrects for.
        meters.config().pauseDetector(new NoPauseDetector());
        Gauge.builder("ws.commands.sessions.open", this, metrics -> metrics.openSessions.getAsInt())
                .description("WebSocket sessions open now").register(meters);
        counter(meters, "ws.commands.sessions.opened", "Sessions admitted", opened);
        for (int code : CLOSE_CODES) {
            closedCounter(meters, Integer.toString(code), closed[code - 1000]);
        }
        closedCounter(meters, "other", closed[OTHER_CODE]);
        for (Map.Entry<Refusal, LongAdder> refusal : refused.entrySet()) {
            FunctionCounter.builder("ws.commands.sessions.refused", refusal.getValue(), LongAdder::sum)
                    .tag("reason", refusal.getKey().tag())
                    .description("Handshakes and sessions refused, by reason").register(meters);
        }
        for (Map.Entry<HttpDrop, LongAdder> drop : httpDropped.entrySet()) {
            FunctionCounter.builder("ws.commands.http.connections.dropped", drop.getValue(), LongAdder::sum)
                    .tag("reason", drop.getKey().tag())
                    .description("HTTP connections refused or closed before they became WebSocket sessions")
                    .register(meters);
        }
        counter(meters, "ws.commands.messages.received", "Text messages received", received);
        counter(meters, "ws.commands.messages.sent", "Replies handed to the WebSocket container for sending", sent);
        counter(meters, "ws.commands.decode.errors", "Text messages that were not a valid request", decodeErrors);
        for (Outcomes outcomes : replies.values()) {
            outcomes.register(meters);
        }
        unknownCommand.register(meters);
        invalidRequest.register(meters);
        counter(meters, "ws.commands.requests.rate.limited", "Requests refused by the rate limit", rateLimited);
        counter(meters, "ws.commands.pings.sent", "WebSocket pings sent", pingsSent);
        counter(meters, "ws.commands.pongs.missed", "Sessions closed because a ping went unanswered", pongsMissed);
        ReplyStoreMeters store = replyStore;
        if (store != null) {
            registerReplyStore(meters, store);
        }
        registered = true;
        return meters;
    }

    private static void registerReplyStore(PrometheusMeterRegistry meters, ReplyStoreMeters store) {
        FunctionCounter.builder("ws.commands.replays", store, ReplyStoreMeters::storedReplays).tag("how", "stored")
                .description("Resends answered from the reply of their first run, by how").register(meters);
        FunctionCounter.builder("ws.commands.replays", store, ReplyStoreMeters::joinedReplays).tag("how", "joined")
                .description("Resends answered from the reply of their first run, by how").register(meters);
        FunctionCounter.builder("ws.commands.reuse.refused", store, ReplyStoreMeters::reuseRefused)
                .description("Requests refused because their RequestID was used for another request")
                .register(meters);
        FunctionCounter.builder("ws.commands.claims.taken.over", store, ReplyStoreMeters::takenOver)
                .description("Requests run after waiting for another run whose claim ended without a reply "
                        + "(its server died): they may have run twice").register(meters);
        if (store.kind().equals("memory")) {
            Gauge.builder("ws.commands.reply.store.entries", store, ReplyStoreMeters::entries)
                    .description("Claims and replies the memory store keeps").register(meters);
            Gauge.builder("ws.commands.reply.store.bytes", store, ReplyStoreMeters::bytes)
                    .description("Bytes of replies the memory store keeps, roughly").register(meters);
        } else {
            FunctionCounter.builder("ws.commands.reply.store.errors", store, ReplyStoreMeters::errors)
                    .description("Calls to the reply store that failed").register(meters);
            io.micrometer.core.instrument.FunctionTimer.builder("ws.commands.reply.store.calls", store,
                    ReplyStoreMeters::calls, ReplyStoreMeters::callNanos, TimeUnit.NANOSECONDS)
                    .description("Calls to the reply store that answered, and their time").register(meters);
        }
    }

    private static void bindJvmMeters(PrometheusMeterRegistry meters) {
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new FileDescriptorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
    }

    private static void counter(PrometheusMeterRegistry meters, String name, String description, LongAdder count) {
        FunctionCounter.builder(name, count, LongAdder::sum).description(description).register(meters);
    }

    private static void closedCounter(PrometheusMeterRegistry meters, String code, LongAdder count) {
        FunctionCounter.builder("ws.commands.sessions.closed", count, LongAdder::sum).tag("code", code)
                .description("Admitted sessions closed, by close code").register(meters);
    }

    /** The meters of one {@code command} label value: replies by outcome, commands in flight, latency. */
    private static final class Outcomes {

        private final String command;
        private final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);
        private final LongAdder inFlight = new LongAdder();
        private volatile Timer latency;

        Outcomes(String command) {
            this.command = command;
            for (Outcome outcome : Outcome.values()) {
                counts.put(outcome, new LongAdder());
            }
        }

        void count(Outcome outcome) {
            counts.get(outcome).increment();
        }

        void register(PrometheusMeterRegistry meters) {
            for (Map.Entry<Outcome, LongAdder> count : counts.entrySet()) {
                reply(meters, count.getKey().tag(), count.getValue());
            }
            Gauge.builder("ws.commands.commands.in.flight", inFlight, LongAdder::sum).tag("command", command)
                    .description("Blocking and asynchronous commands running now").register(meters);
            latency = Timer.builder("ws.commands.request.duration").tag("command", command)
                    .description("Time from a request's arrival to its reply being queued")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(meters);
        }

        private void reply(PrometheusMeterRegistry meters, String outcome, LongAdder count) {
            FunctionCounter.builder("ws.commands.replies", count, LongAdder::sum)
                    .tags("command", command, "outcome", outcome)
                    .description("Requests by command and how they ended").register(meters);
        }
    }
}
