package dev.wscommands.client;

import dev.wscommands.protocol.ClientId;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Settings of a {@link CommandClient}: where it connects and how it keeps the connection alive. Built by
 * {@link #defaults(URI)} and the {@code with...} methods; tests use intervals of milliseconds.
 *
 * @param endpoint       the server's WebSocket endpoint, {@code ws://} or {@code wss://}
 * @param pingInterval   time between WebSocket pings; a ping still unanswered at the next one declares the
 *                       connection dead (default 20 s, below the 60 s idle timeout of common proxies)
 * @param pongTimeout    how long a ping may wait for its pong, when shorter than the ping interval (default 20 s)
 * @param connectTimeout how long one connection attempt, TCP and handshake, may take (default 10 s); with a shared
 *                       container, its {@link ClientContainer#handshakeTimeout()} applies instead
 * @param reconnect      backoff between connection attempts (default: first retry within 1 s, at most 30 s)
 * @param healthyAfter   how long a connection must have lived for the next retry to count as a first retry
 *                       again (default 10 s)
 * @param maxPending     most requests unanswered at once, sent or waiting for a connection; beyond it
 *                       {@link CommandClient#send(String)} throws {@link PendingLimitException} (default 1000)
 * @param requestTimeout how long a request may wait for its reply before its future fails (default 30 s)
 * @param tls            the TLS context of {@code wss://} connections, e.g. one trusting a private certificate
 *                       ({@link TrustStore#load}); empty (the default) uses the JVM's default trust
 * @param maxReplySize   the largest reply the client reads, in bytes; a frame header announcing more closes the
 *                       connection with 1009 and stops the client, which never buffers that reply (default 1 MiB,
 *                       16 times the server's default limit for a request)
 * @param container      the WebSocket container shared with other clients; empty (the default) gives the client a
 *                       container of its own
 * @param bearerToken    where the token for the server's authentication comes from, asked on every connection
 *                       attempt and sent as {@code Authorization: Bearer TOKEN}; empty (the default) sends none
 * @param clientId       how the client names itself in the handshake ({@code Client-Id}), so that the server
 *                       answers a request it resends after a lost connection from the first run: {@link #FRESH}
 *                       (the default) a new random UUID for each {@link CommandClient}; {@link #NONE} no name
 *                       (every resend runs again: at least once); or an ID of 8 to 64 of {@code A-Z a-z 0-9 - _}
 *                       that the application keeps across restarts
 * @param firstRequestId the RequestID of the client's first request (default 1). An application that keeps its
 *                       client ID across restarts must go on from the RequestIDs it used before, or its new
 *                       requests would be answered with the replies of old ones
 */
public record ClientSettings(
        URI endpoint,
        Duration pingInterval,
        Duration pongTimeout,
        Duration connectTimeout,
        Backoff reconnect,
        Duration healthyAfter,
        int maxPending,
        Duration requestTimeout,
        Optional<SSLContext> tls,
        long maxReplySize,
        Optional<ClientContainer> container,
        Optional<Supplier<String>> bearerToken,
        String clientId,
        long firstRequestId) {

    public static final URI DEFAULT_ENDPOINT = URI.create("ws://127.0.0.1:8080/server");
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEALTHY_AFTER = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_PENDING = 1000;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_REPLY_SIZE = 1024 * 1024;
    /** The largest {@link #maxReplySize()} allowed: 1 GiB. */
    public static final long MAX_REPLY_SIZE_LIMIT = 1024 * 1024 * 1024;
    /** {@link #clientId()}: a new random UUID for each client. Not a valid ID itself (too short). */
    public static final String FRESH = "fresh";
    /** {@link #clientId()}: the client names itself not at all. Not a valid ID itself (too short). */
    public static final String NONE = "none";
    public static final long DEFAULT_FIRST_REQUEST_ID = 1;

    public ClientSettings {
        String scheme = endpoint.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("endpoint must be a ws:// or wss:// URI, was " + endpoint);
        }
        requirePositive("ping interval", pingInterval);
        requirePositive("pong timeout", pongTimeout);
        requirePositive("connect timeout", connectTimeout);
        requirePositive("healthy-after", healthyAfter);
        requirePositive("request timeout", requestTimeout);
        if (connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connect timeout too long: " + connectTimeout);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("max pending must be at least 1, was " + maxPending);
        }
        if (tls == null) {
            throw new IllegalArgumentException("tls must be given (empty for the JVM's default trust)");
        }
        // A reply is read into one array, beside what arrives after it: 1 GiB leaves room for both.
        if (maxReplySize < 1 || maxReplySize > MAX_REPLY_SIZE_LIMIT) {
            throw new IllegalArgumentException("max reply size must be between 1 and " + MAX_REPLY_SIZE_LIMIT
                    + " bytes, was " + maxReplySize);
        }
        if (container == null) {
            throw new IllegalArgumentException("container must be given (empty for one of the client's own)");
        }
        if (bearerToken == null) {
            throw new IllegalArgumentException("bearer token must be given (empty for none)");
        }
        if (!FRESH.equals(clientId) && !NONE.equals(clientId)) {
            ClientId.problem(clientId).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        }
        if (firstRequestId < 0) {
            throw new IllegalArgumentException("the first RequestID must not be negative, was " + firstRequestId);
        }
    }

    /** Settings with the JVM's default TLS trust, the default reply size limit and a container of the client's own. */
    public ClientSettings(URI endpoint, Duration pingInterval, Duration pongTimeout, Duration connectTimeout,
                          Backoff reconnect, Duration healthyAfter, int maxPending, Duration requestTimeout) {
        this(endpoint, pingInterval, pongTimeout, connectTimeout, reconnect, healthyAfter, maxPending, requestTimeout,
                Optional.empty(), DEFAULT_MAX_REPLY_SIZE, Optional.empty(), Optional.empty(), FRESH,
                DEFAULT_FIRST_REQUEST_ID);
    }

    /** Every setting at its default, connecting to {@code endpoint}. */
    public static ClientSettings defaults(URI endpoint) {
        return new ClientSettings(endpoint, DEFAULT_PING_INTERVAL, DEFAULT_PONG_TIMEOUT, DEFAULT_CONNECT_TIMEOUT,
                Backoff.of(DEFAULT_RECONNECT_MIN, DEFAULT_RECONNECT_MAX), DEFAULT_HEALTHY_AFTER, DEFAULT_MAX_PENDING,
                DEFAULT_REQUEST_TIMEOUT);
    }

    public ClientSettings withHeartbeat(Duration pingInterval, Duration pongTimeout) {
        return new ClientSettings(endpoint, pingInterval, pongTimeout, connectTimeout, reconnect, healthyAfter,
                maxPending, requestTimeout, tls, maxReplySize, container, bearerToken, clientId,
                firstRequestId);
    }

    public ClientSettings withConnectTimeout(Duration connectTimeout) {
        return new ClientSettings(endpoint, pingInterval, pongTimeout, connectTimeout, reconnect, healthyAfter,
                maxPending, requestTimeout, tls, maxReplySize, container, bearerToken, clientId,
                firstRequestId);
    }

    public ClientSettings withReconnect(Backoff reconnect, Duration healthyAfter) {
        return new ClientSettings(endpoint, pingInterval, pongTimeout, connectTimeout, reconnect, healthyAfter,
                maxPending, requestTimeout, tls, maxReplySize, container, bearerToken, clientId,
                firstRequestId);
    }

    public ClientSettings withRequests(int maxPending, Duration requestTimeout) {
        return new ClientSettings(endpoint, pingInterval, pongTimeout, connectTimeout, reconnect, healthyAfter,
                maxPending, requestTimeout, tls, maxReplySize, container, bearerToken, clientId,
                firstRequestId);
    }

    /** Connects over TLS with {@code context}, instead of the JVM's default trust. */
    public ClientSettings withTls(SSLContext context) {
        return new ClientSettings(endpoint, pingInterval, pongTimeout, connectTimeout, reconnect, healthyAfter,
                maxPending, requestTimeout, Optional.of(context), maxReplySize, container, bearerToken, clientId,
                firstRequestId);
    }

    /** Reads replies of at most {@code maxReplySize} bytes; see {@link #maxReplySize()}. */
    public ClientSettings withMaxReplySize(long maxReplySize) {
        return new ClientSettings(endpoint, pingInterval, pongTimeout, connectTimeout, reconnect, healthyAfter,
                maxPending, requestTimeout, tls, maxReplySize, container, bearerToken, clientId,
                firstRequestId);
    }

    /** Connects through {@code shared}, which the client leaves running when it closes; see {@link ClientContainer}. */
    public ClientSettings withContainer(ClientContainer shared) {
        return new ClientSettings(endpoint, pingInterval, pongTimeout, connectTimeout, reconnect, healthyAfter,
                maxPending, requestTimeout, tls, maxReplySize, Optional.of(shared), bearerToken, clientId,
                firstRequestId);
    }

    /**
     * Authenticates every connection with the token {@code supplier} gives, asked anew on each connection attempt
     * (off the client's own thread: it may fetch a fresh token). After the server closes with 1008
     * {@code authentication expired} the client reconnects with the supplier's next token; a server that refuses a
     * token with HTTP 401 stops the client.
     */
    public ClientSettings withBearerToken(Supplier<String> supplier) {
        return new ClientSettings(endpoint, pingInterval, pongTimeout, connectTimeout, reconnect, healthyAfter,
                maxPending, requestTimeout, tls, maxReplySize, container,
                Optional.of(java.util.Objects.requireNonNull(supplier, "supplier")), clientId, firstRequestId);
    }

    /**
     * Names the client {@code id} in every handshake ({@link #FRESH}: a new UUID per client; {@link #NONE}: no
     * name), its first request getting RequestID {@code firstRequestId}; see {@link #clientId()}.
     */
    public ClientSettings withClientId(String id, long firstRequestId) {
        return new ClientSettings(endpoint, pingInterval, pongTimeout, connectTimeout, reconnect, healthyAfter,
                maxPending, requestTimeout, tls, maxReplySize, container, bearerToken, id, firstRequestId);
    }

    /** Names the client {@code id}, its RequestIDs starting where they do now. */
    public ClientSettings withClientId(String id) {
        return withClientId(id, firstRequestId);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
