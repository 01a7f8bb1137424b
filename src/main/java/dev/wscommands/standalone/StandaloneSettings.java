package dev.wscommands.standalone;

import dev.wscommands.server.ServerSettings;

/**
 * Settings of the standalone server: where it listens, and the server settings it shares with the WAR.
 *
 * @param host   address to bind; only this address is served
 * @param port   port to bind; 0 picks a free one
 * @param server limits of the command channel
 */
public record StandaloneSettings(String host, int port, ServerSettings server) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public StandaloneSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
    }

    /** Defaults on the given port: loopback only, default limits. */
    public static StandaloneSettings onPort(int port) {
        return new StandaloneSettings(DEFAULT_HOST, port, ServerSettings.defaults());
    }
}
