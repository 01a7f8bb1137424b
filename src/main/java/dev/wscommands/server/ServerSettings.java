package dev.wscommands.server;

/**
 * The server's limits, one immutable value built in one place: command-line flags and environment variables
 * for the standalone server, servlet context parameters for the WAR.
 *
 * @param maxMessageSize largest text message accepted, in bytes; a larger one closes the session with 1009
 */
public record ServerSettings(int maxMessageSize) {

    /** Default for {@link #maxMessageSize()}: 64 KiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;

    public ServerSettings {
        if (maxMessageSize < 128) {
            throw new IllegalArgumentException("max-message-size must be at least 128 bytes, was " + maxMessageSize);
        }
    }

    /** Every setting at its default. */
    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_MAX_MESSAGE_SIZE);
    }
}
