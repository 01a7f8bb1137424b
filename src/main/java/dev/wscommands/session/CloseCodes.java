package dev.wscommands.session;

/** The WebSocket close codes this server sends (RFC 6455, section 7.4.1). */
public final class CloseCodes {

    /** Server shutting down, or the session died (no pong) or went idle. */
    public static final int GOING_AWAY = 1001;
    /** A binary message. */
    public static final int CANNOT_ACCEPT = 1003;
    /** Rate limit far exceeded, replies not read, or the token expired ({@link #AUTHENTICATION_EXPIRED}). */
    public static final int POLICY_VIOLATION = 1008;
    /** The reason of the 1008 that closes a connection at its token's expiry; clients reconnect with a new token. */
    public static final String AUTHENTICATION_EXPIRED = "authentication expired";
    /** A text message over the size limit. */
    public static final int TOO_BIG = 1009;
    /** Connection limit reached. */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {
    }
}
