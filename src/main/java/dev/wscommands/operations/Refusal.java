package dev.wscommands.operations;

/** Why a WebSocket handshake or a new session was refused; {@link #tag()} is its metrics label. */
public enum Refusal {

    /** The browser origin is not allowed (HTTP 403). */
    ORIGIN("origin", "origin not allowed"),
    /** The handshake carried no valid token while authentication is on (HTTP 401). */
    UNAUTHENTICATED("unauthenticated", "authentication required"),
    /** The server is shutting down (HTTP 503 before the upgrade, or 1001 right after it). */
    DRAINING("draining", "server shutting down"),
    /** The server has {@code max-connections} sessions open (1013). */
    MAX_CONNECTIONS("max-connections", "too many connections"),
    /** The client's address has {@code max-connections-per-address} sessions open (1013). */
    MAX_CONNECTIONS_PER_ADDRESS("max-connections-per-address", "too many connections from your address");

    private final String tag;
    private final String message;

    Refusal(String tag, String message) {
        this.tag = tag;
        this.message = message;
    }

    /** The value of the {@code reason} label. */
    public String tag() {
        return tag;
    }

    /** What the client is told. */
    public String message() {
        return message;
    }
}
