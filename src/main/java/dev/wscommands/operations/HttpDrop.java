package dev.wscommands.operations;

/**
 * Why the standalone server dropped an HTTP connection that had not become a WebSocket session, as the
 * {@code reason} label of {@code ws_commands_http_connections_dropped_total} shows it.
 */
public enum HttpDrop {
    /** Refused on accept: {@code max-http-connections} reached. */
    MAX_HTTP_CONNECTIONS("max-http-connections"),
    /** Refused on accept: {@code max-http-connections-per-address} reached. */
    MAX_HTTP_CONNECTIONS_PER_ADDRESS("max-http-connections-per-address"),
    /** Closed: no complete request head within {@code request-head-timeout}. */
    REQUEST_HEAD_TIMEOUT("request-head-timeout"),
    /** Closed: idle between requests past {@code keep-alive-timeout}. */
    KEEP_ALIVE_TIMEOUT("keep-alive-timeout"),
    /** Cut: a WebSocket connection the server began to close had not gone one close grace later. */
    CLOSE_TIMEOUT("close-timeout");

    private final String tag;

    HttpDrop(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
