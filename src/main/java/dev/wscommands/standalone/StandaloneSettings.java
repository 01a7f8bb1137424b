package dev.wscommands.standalone;

import dev.wscommands.settings.ServerSettings;
import java.util.Optional;

/**
 * Settings of the standalone server: where it listens, and the server settings it shares with the WAR.
 *
 * @param host        address to bind; only this address is served
 * @param port        port to bind; 0 picks a free one
 * @param server      limits of the command channel
 * @param contextPath where the site and the endpoint are mounted: {@code /} (the default) or a path such as
 *                    {@code /ws-commands}, as a container mounts the WAR; no trailing slash
 * @param tls         with TLS settings, the server speaks {@code https://} and {@code wss://} only; without
 *                    (the default), plain {@code http://} and {@code ws://}
 * @param http        limits on connections that have not become WebSocket sessions
 * @param management  where {@code /health} and {@code /metrics} are served instead of beside the site, if
 *                    anywhere else (by default they are served on the main port, under the context path)
 */
public record StandaloneSettings(String host, int port, ServerSettings server, String contextPath,
                                 Optional<TlsSettings> tls, HttpLimits http, Optional<Management> management) {

    /**
     * A separate plain-HTTP listener for {@code /health} and {@code /metrics}, for an address that only the
     * operators' network reaches; the main port then serves neither.
     *
     * @param host address to bind (default {@value #DEFAULT_MANAGEMENT_HOST})
     * @param port port to bind; 0 picks a free one
     */
    public record Management(String host, int port) {

        public Management {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("management-host must not be empty");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("management-port must be between 0 and 65535, was " + port);
            }
        }
    }

    public static final String DEFAULT_MANAGEMENT_HOST = "127.0.0.1";

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String ROOT_CONTEXT = "/";

    public StandaloneSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (contextPath == null || !contextPath.matches("/|(/(?!\\.\\.?(/|$))[A-Za-z0-9._~-]+)+")) {
            throw new IllegalArgumentException("context path must be / or /name[/name...], was " + contextPath);
        }
        if (tls == null) {
            throw new IllegalArgumentException("tls must not be null; Optional.empty() for plain HTTP");
        }
        if (http == null) {
            throw new IllegalArgumentException("http limits must be given; HttpLimits.defaults() for the defaults");
        }
        if (management == null) {
            throw new IllegalArgumentException("management must not be null; Optional.empty() for the main port");
        }
    }

    /** Settings with the default HTTP limits. */
    public StandaloneSettings(String host, int port, ServerSettings server, String contextPath,
                              Optional<TlsSettings> tls) {
        this(host, port, server, contextPath, tls, HttpLimits.defaults(), Optional.empty());
    }

    /** Settings without TLS. */
    public StandaloneSettings(String host, int port, ServerSettings server, String contextPath) {
        this(host, port, server, contextPath, Optional.empty());
    }

    /** Settings mounted at the root context {@code /}. */
    public StandaloneSettings(String host, int port, ServerSettings server) {
        this(host, port, server, ROOT_CONTEXT);
    }

    /** Defaults on the given port: loopback only, default limits. */
    public static StandaloneSettings onPort(int port) {
        return new StandaloneSettings(DEFAULT_HOST, port, ServerSettings.defaults());
    }

    /** These settings mounted at another context path. */
    public StandaloneSettings withContextPath(String path) {
        return new StandaloneSettings(host, port, server, path, tls, http, management);
    }

    /** These settings served over TLS. */
    public StandaloneSettings withTls(TlsSettings settings) {
        return new StandaloneSettings(host, port, server, contextPath, Optional.of(settings), http, management);
    }

    /** These settings with other limits on connections that have not become WebSocket sessions. */
    public StandaloneSettings withHttpLimits(HttpLimits limits) {
        return new StandaloneSettings(host, port, server, contextPath, tls, limits, management);
    }

    /** These settings with {@code /health} and {@code /metrics} on a separate listener. */
    public StandaloneSettings withManagement(Management listener) {
        return new StandaloneSettings(host, port, server, contextPath, tls, http, Optional.of(listener));
    }
}
