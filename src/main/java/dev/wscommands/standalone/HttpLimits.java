package dev.wscommands.standalone;

import java.time.Duration;

/**
 * Limits of the standalone server on connections that have not (yet) become WebSocket sessions: plain HTTP
 * requests for the page, health and metrics, and handshakes still in progress. Upgraded sessions are counted
 * and timed by the session limits instead.
 *
 * @param requestHeadTimeout         how long a connection may take to send a complete request head, from its
 *                                   opening (TLS handshake included) or from the first byte of its next request
 * @param keepAliveTimeout           how long a connection may stay idle between one answered request and the
 *                                   next one
 * @param maxConnections             such connections at most; one more is closed at once
 * @param maxConnectionsPerAddress   such connections per client address at most; one more is closed at once
 */
public record HttpLimits(Duration requestHeadTimeout, Duration keepAliveTimeout, int maxConnections,
                         int maxConnectionsPerAddress) {

    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(20);
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;

    public HttpLimits {
        positive("request-head-timeout", requestHeadTimeout);
        positive("keep-alive-timeout", keepAliveTimeout);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max-http-connections must be at least 1, was " + maxConnections);
        }
        if (maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException(
                    "max-http-connections-per-address must be at least 1, was " + maxConnectionsPerAddress);
        }
    }

    /** Every limit at its default. */
    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_REQUEST_HEAD_TIMEOUT, DEFAULT_KEEP_ALIVE_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
    }

    public HttpLimits withTimeouts(Duration requestHead, Duration keepAlive) {
        return new HttpLimits(requestHead, keepAlive, maxConnections, maxConnectionsPerAddress);
    }

    public HttpLimits withMaxConnections(int total, int perAddress) {
        return new HttpLimits(requestHeadTimeout, keepAliveTimeout, total, perAddress);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be longer than 0");
        }
    }
}
