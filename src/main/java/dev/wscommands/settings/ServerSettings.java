package dev.wscommands.settings;


import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server's limits, one immutable value built in one place ({@link SettingsReader}): from command-line
 * flags and environment variables for the standalone server, from servlet context parameters for the WAR.
 *
 * @param maxMessageSize           largest text message accepted, in bytes; a larger one closes with 1009
 * @param maxConnections           open sessions at most; one more is closed at once with 1013
 * @param maxConnectionsPerAddress open sessions per remote address at most; one more is closed with 1013
 * @param allowedOrigins           browser origins allowed besides the server's own; {@code *} allows any
 * @param rateLimit                requests per second per connection, if limited
 * @param pingInterval             how often every session is pinged; a session whose pong has not come back by
 *                                 the next ping is closed. {@link Duration#ZERO} disables pings
 * @param idleTimeout              a session that sent no message for this long is closed; zero disables it
 * @param maxQueuedReplies         replies waiting to be written to one client at most; a client that does not
 *                                 read its replies past this is closed with 1008
 * @param maxQueuedReplyBytes      bytes of replies waiting to be written to one client at most (a reply's text, as
 *                                 sent); a client that does not read its replies past this is closed with 1008
 * @param maxReplyBytes            bytes of replies waiting to be written to all clients together at most; a client
 *                                 that already has replies waiting when one more would pass it is closed with 1008
 * @param sendTimeout              how long writing one reply may take before the client is closed with 1008
 * @param shutdownTimeout          how long a shutdown waits for commands and replies in flight before it closes
 *                                 anyway
 * @param commandTimeout           how long a blocking or asynchronous command may run before it is cancelled and
 *                                 answered with a timeout error
 * @param maxCommandsInFlight      commands running at once per connection at most; a request past it is answered
 *                                 at once with a busy error
 * @param commandThreads           threads that run blocking commands, for the whole server
 * @param commandQueue             blocking commands waiting for a thread at most, for the whole server; a request
 *                                 past it is answered at once with a busy error
 * @param dedupe                   how a resent request of a client that named itself is answered from its first run
 */
public record ServerSettings(
        int maxMessageSize,
        int maxConnections,
        int maxConnectionsPerAddress,
        List<String> allowedOrigins,
        Optional<RateLimit> rateLimit,
        Duration pingInterval,
        Duration idleTimeout,
        int maxQueuedReplies,
        int maxQueuedReplyBytes,
        int maxReplyBytes,
        Duration sendTimeout,
        Duration shutdownTimeout,
        Duration commandTimeout,
        int maxCommandsInFlight,
        int commandThreads,
        int commandQueue,
        DedupeSettings dedupe) {

    public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_QUEUED_REPLIES = 1024;
    public static final int DEFAULT_MAX_QUEUED_REPLY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_REPLY_BYTES = 16 * 1024 * 1024;
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_COMMANDS_IN_FLIGHT = 64;
    public static final int DEFAULT_COMMAND_THREADS = 64;
    public static final int DEFAULT_COMMAND_QUEUE = 1024;

    public ServerSettings {
        atLeast(SettingsReader.MAX_MESSAGE_SIZE, maxMessageSize, 128);
        atLeast(SettingsReader.MAX_CONNECTIONS, maxConnections, 1);
        atLeast(SettingsReader.MAX_CONNECTIONS_PER_ADDRESS, maxConnectionsPerAddress, 1);
        atLeast(SettingsReader.MAX_QUEUED_REPLIES, maxQueuedReplies, 1);
        atLeast(SettingsReader.MAX_QUEUED_REPLY_BYTES, maxQueuedReplyBytes, 1024);
        atLeast(SettingsReader.MAX_REPLY_BYTES, maxReplyBytes, 1024);
        allowedOrigins = List.copyOf(allowedOrigins);
        notNegative(SettingsReader.PING_INTERVAL, pingInterval);
        notNegative(SettingsReader.IDLE_TIMEOUT, idleTimeout);
        positive(SettingsReader.SEND_TIMEOUT, sendTimeout);
        notNegative(SettingsReader.SHUTDOWN_TIMEOUT, shutdownTimeout);
        positive(SettingsReader.COMMAND_TIMEOUT, commandTimeout);
        atLeast(SettingsReader.MAX_COMMANDS_IN_FLIGHT, maxCommandsInFlight, 1);
        atLeast(SettingsReader.COMMAND_THREADS, commandThreads, 1);
        atLeast(SettingsReader.COMMAND_QUEUE, commandQueue, 0);
        if (dedupe == null) {
            throw new IllegalArgumentException("dedupe settings missing");
        }
        if (dedupe.window().compareTo(commandTimeout) <= 0) {
            // A running command's entry must outlive the command, or a resend would run it a second time.
            throw new IllegalArgumentException(SettingsReader.DEDUPE_WINDOW + " must be longer than "
                    + SettingsReader.COMMAND_TIMEOUT + " (" + commandTimeout + "), was " + dedupe.window());
        }
    }

    /** Every setting at its default. */
    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, List.of(), Optional.empty(), DEFAULT_PING_INTERVAL,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_QUEUED_REPLIES,
                DEFAULT_MAX_QUEUED_REPLY_BYTES, DEFAULT_MAX_REPLY_BYTES, DEFAULT_SEND_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT,
                DEFAULT_COMMAND_TIMEOUT, DEFAULT_MAX_COMMANDS_IN_FLIGHT, DEFAULT_COMMAND_THREADS, DEFAULT_COMMAND_QUEUE,
                DedupeSettings.defaults());
    }

    public ServerSettings withMaxMessageSize(int value) {
        return new ServerSettings(value, maxConnections, maxConnectionsPerAddress, allowedOrigins, rateLimit,
                pingInterval, idleTimeout, maxQueuedReplies, maxQueuedReplyBytes, maxReplyBytes, sendTimeout, shutdownTimeout,
                commandTimeout, maxCommandsInFlight, commandThreads, commandQueue, dedupe);
    }

    public ServerSettings withMaxConnections(int total, int perAddress) {
        return new ServerSettings(maxMessageSize, total, perAddress, allowedOrigins, rateLimit,
                pingInterval, idleTimeout, maxQueuedReplies, maxQueuedReplyBytes, maxReplyBytes, sendTimeout, shutdownTimeout,
                commandTimeout, maxCommandsInFlight, commandThreads, commandQueue, dedupe);
    }

    public ServerSettings withAllowedOrigins(List<String> origins) {
        return new ServerSettings(maxMessageSize, maxConnections, maxConnectionsPerAddress, origins, rateLimit,
                pingInterval, idleTimeout, maxQueuedReplies, maxQueuedReplyBytes, maxReplyBytes, sendTimeout, shutdownTimeout,
                commandTimeout, maxCommandsInFlight, commandThreads, commandQueue, dedupe);
    }

    public ServerSettings withRateLimit(RateLimit limit) {
        return new ServerSettings(maxMessageSize, maxConnections, maxConnectionsPerAddress, allowedOrigins,
                Optional.of(limit), pingInterval, idleTimeout, maxQueuedReplies, maxQueuedReplyBytes, maxReplyBytes, sendTimeout, shutdownTimeout,
                commandTimeout, maxCommandsInFlight, commandThreads, commandQueue, dedupe);
    }

    public ServerSettings withTimeouts(Duration ping, Duration idle) {
        return new ServerSettings(maxMessageSize, maxConnections, maxConnectionsPerAddress, allowedOrigins,
                rateLimit, ping, idle, maxQueuedReplies, maxQueuedReplyBytes, maxReplyBytes, sendTimeout, shutdownTimeout,
                commandTimeout, maxCommandsInFlight, commandThreads, commandQueue, dedupe);
    }

    public ServerSettings withOutboundLimits(int queuedReplies, Duration send) {
        return new ServerSettings(maxMessageSize, maxConnections, maxConnectionsPerAddress, allowedOrigins,
                rateLimit, pingInterval, idleTimeout, queuedReplies, maxQueuedReplyBytes, maxReplyBytes, send, shutdownTimeout,
                commandTimeout, maxCommandsInFlight, commandThreads, commandQueue, dedupe);
    }

    /** These limits on the bytes of replies waiting to be written: per connection, and for the whole server. */
    public ServerSettings withReplyBytes(int perConnection, int total) {
        return new ServerSettings(maxMessageSize, maxConnections, maxConnectionsPerAddress, allowedOrigins,
                rateLimit, pingInterval, idleTimeout, maxQueuedReplies, perConnection, total, sendTimeout,
                shutdownTimeout, commandTimeout, maxCommandsInFlight, commandThreads, commandQueue, dedupe);
    }

    public ServerSettings withShutdownTimeout(Duration value) {
        return new ServerSettings(maxMessageSize, maxConnections, maxConnectionsPerAddress, allowedOrigins,
                rateLimit, pingInterval, idleTimeout, maxQueuedReplies, maxQueuedReplyBytes, maxReplyBytes, sendTimeout, value,
                commandTimeout, maxCommandsInFlight, commandThreads, commandQueue, dedupe);
    }

    public ServerSettings withCommandLimits(Duration timeout, int inFlight, int threads, int queue) {
        return new ServerSettings(maxMessageSize, maxConnections, maxConnectionsPerAddress, allowedOrigins,
                rateLimit, pingInterval, idleTimeout, maxQueuedReplies, maxQueuedReplyBytes, maxReplyBytes, sendTimeout, shutdownTimeout,
                timeout, inFlight, threads, queue, dedupe);
    }

    public ServerSettings withDedupe(DedupeSettings value) {
        return new ServerSettings(maxMessageSize, maxConnections, maxConnectionsPerAddress, allowedOrigins,
                rateLimit, pingInterval, idleTimeout, maxQueuedReplies, maxQueuedReplyBytes, maxReplyBytes, sendTimeout,
                shutdownTimeout, commandTimeout, maxCommandsInFlight, commandThreads, commandQueue, value);
    }

    private static void atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
        }
    }

    private static void notNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
