package dev.wscommands.server;

import io.micrometer.core.instrument.Counter;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every meter of one server, in Prometheus form for {@code GET /metrics}. All meters are registered when the
 * server starts, so recording one is an increment: no lookup by tags and no allocation per message. The names
 * below are as Prometheus shows them.
 *
 * <ul>
 *   <li>{@code ws_commands_sessions_open}: sessions open now</li>
 *   <li>{@code ws_commands_sessions_opened_total}: sessions admitted</li>
 *   <li>{@code ws_commands_sessions_closed_total{code}}: admitted sessions closed, by close code</li>
 *   <li>{@code ws_commands_sessions_refused_total{reason}}: handshakes and sessions refused, by {@link Refusal}</li>
 *   <li>{@code ws_commands_messages_received_total}, {@code ws_commands_messages_sent_total}: text messages in,
 *       and replies handed to the container for sending</li>
 *   <li>{@code ws_commands_decode_errors_total}: messages that were not a valid request</li>
 *   <li>{@code ws_commands_replies_total{command,outcome}}: replies by command (known commands by name,
 *       others as {@value #UNKNOWN_COMMAND}, undecodable ones as {@value #INVALID_REQUEST}) and outcome
 *       ({@code success} or {@code error})</li>
 *   <li>{@code ws_commands_requests_rate_limited_total}: requests refused by the rate limit</li>
 *   <li>{@code ws_commands_request_duration_seconds}: histogram of the time from a request's arrival to its
 *       reply being queued</li>
 *   <li>{@code ws_commands_pings_sent_total}, {@code ws_commands_pongs_missed_total}</li>
 *   <li>JVM and process meters: memory, threads, CPU, open files, uptime</li>
 * </ul>
 */
public final class ServerMetrics implements AutoCloseable {

    /** The media type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    static final String UNKNOWN_COMMAND = "(unknown)";
    static final String INVALID_REQUEST = "(invalid)";
    /** Close codes with a counter of their own; any other code counts as {@code other}. */
    private static final int[] CLOSE_CODES = {1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1011, 1013};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter opened;
    /** Indexed by close code minus 1000; the last one counts every code outside 1000..1015. */
    private final Counter[] closed = new Counter[17];
    private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);
    private final Counter received;
    private final Counter sent;
    private final Counter decodeErrors;
    private final Map<String, Outcomes> replies = new HashMap<>();
    private final Outcomes unknownCommand;
    private final Outcomes invalidRequest;
    private final Counter rateLimited;
    private final Timer latency;
    private final Counter pingsSent;
    private final Counter pongsMissed;

    /**
     * Registers every meter but the open sessions gauge ({@link #watch}).
     *
     * @param commands the known commands, each with a {@code command} label value of its own
     */
    ServerMetrics(Set<String> commands) {
        // Pause detection would start a background thread (one that a WAR would leak on undeploy) and add
        // work to every recorded request; our latencies are far below the pauses it corrects for.
        registry.config().pauseDetector(new NoPauseDetector());
        opened = counter("ws.commands.sessions.opened", "Sessions admitted");
        Counter other = Counter.builder("ws.commands.sessions.closed").tag("code", "other")
                .description("Admitted sessions closed, by close code").register(registry);
        for (int i = 0; i < closed.length; i++) {
            closed[i] = other;
        }
        for (int code : CLOSE_CODES) {
            closed[code - 1000] = Counter.builder("ws.commands.sessions.closed").tag("code", Integer.toString(code))
                    .description("Admitted sessions closed, by close code").register(registry);
        }
        for (Refusal refusal : Refusal.values()) {
            refused.put(refusal, Counter.builder("ws.commands.sessions.refused").tag("reason", refusal.tag())
                    .description("Handshakes and sessions refused, by reason").register(registry));
        }
        received = counter("ws.commands.messages.received", "Text messages received");
        sent = counter("ws.commands.messages.sent", "Replies handed to the WebSocket container for sending");
        decodeErrors = counter("ws.commands.decode.errors", "Text messages that were not a valid request");
        for (String command : commands) {
            replies.put(command, new Outcomes(command));
        }
        unknownCommand = new Outcomes(UNKNOWN_COMMAND);
        invalidRequest = new Outcomes(INVALID_REQUEST);
        rateLimited = counter("ws.commands.requests.rate.limited", "Requests refused by the rate limit");
        latency = Timer.builder("ws.commands.request.duration")
                .description("Time from a request's arrival to its reply being queued")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        pingsSent = counter("ws.commands.pings.sent", "WebSocket pings sent");
        pongsMissed = counter("ws.commands.pongs.missed", "Sessions closed because a ping went unanswered");
        // The JVM and process meters load many classes: bound off the start-up path, so that the server
        // accepts its first connection sooner; a scrape in the first moments may lack them.
        Thread jvmMeters = new Thread(this::bindJvmMeters, "ws-commands-jvm-meters");
        jvmMeters.setDaemon(true);
        jvmMeters.start();
    }

    private void bindJvmMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Registers the gauge of the sessions open in {@code sessions}. */
    void watch(SessionRegistry sessions) {
        Gauge.builder("ws.commands.sessions.open", sessions, SessionRegistry::openSessions)
                .description("WebSocket sessions open now").register(registry);
    }

    /** Every meter in the Prometheus text format, version 0.0.4 ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    void sessionOpened() {
        opened.increment();
    }

    void sessionClosed(int code) {
        int index = code - 1000;
        closed[index >= 0 && index < closed.length - 1 ? index : closed.length - 1].increment();
    }

    /** A handshake or a new session was refused. */
    public void refused(Refusal refusal) {
        refused.get(refusal).increment();
    }

    void messageReceived() {
        received.increment();
    }

    void messageSent() {
        sent.increment();
    }

    void rateLimited() {
        rateLimited.increment();
    }

    /** The reply to {@code command} is ready; the request arrived at {@code arrivedAt} ({@link System#nanoTime()}). */
    void replied(String command, boolean success, long arrivedAt) {
        Outcomes outcomes = replies.get(command);
        (outcomes == null ? unknownCommand : outcomes).count(success);
        latency.record(System.nanoTime() - arrivedAt, TimeUnit.NANOSECONDS);
    }

    /** An undecodable message was answered with an error. */
    void undecodable(long arrivedAt) {
        decodeErrors.increment();
        invalidRequest.count(false);
        latency.record(System.nanoTime() - arrivedAt, TimeUnit.NANOSECONDS);
    }

    void pingSent() {
        pingsSent.increment();
    }

    void pongMissed() {
        pongsMissed.increment();
    }

    @Override
    public void close() {
        registry.close();
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /** The two reply counters of one {@code command} label value. */
    private final class Outcomes {

        private final Counter success;
        private final Counter error;

        Outcomes(String command) {
            success = reply(command, "success");
            error = reply(command, "error");
        }

        void count(boolean succeeded) {
            (succeeded ? success : error).increment();
        }

        private Counter reply(String command, String outcome) {
            return Counter.builder("ws.commands.replies").tags("command", command, "outcome", outcome)
                    .description("Replies by command and outcome").register(registry);
        }
    }
}
