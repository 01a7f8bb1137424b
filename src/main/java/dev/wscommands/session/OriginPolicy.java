package dev.wscommands.session;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Which browser origins may open a WebSocket (protection against cross-site WebSocket hijacking). Allowed: a
 * handshake without {@code Origin} (non-browser clients), the server's own origin (the {@code Origin}'s host
 * and port equal the {@code Host} header), and the configured origins; {@code *} allows every origin.
 */
public final class OriginPolicy {

    private static final Logger LOG = Logger.getLogger(OriginPolicy.class.getName());

    private final List<String> allowed;
    private final boolean any;

    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalize).toList();
        this.any = allowed.contains("*");
        if (any) {
            LOG.warning("allowed-origins is *: any web site may open connections in its visitors' browsers");
        }
    }

    /**
     * Whether a handshake with this {@code Origin} and {@code Host} header may proceed.
     *
     * @param origin the {@code Origin} header, or {@code null}
     * @param host   the {@code Host} header, or {@code null}
     */
    public boolean allows(String origin, String host) {
        if (origin == null || origin.isBlank() || any) {
            return true;
        }
        String normalized = normalize(origin);
        return allowed.contains(normalized) || sameOrigin(normalized, host);
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null) {
                return false;
            }
            int defaultPort = scheme.equals("https") ? 443 : 80;
            int originPort = uri.getPort() == -1 ? defaultPort : uri.getPort();
            URI hostUri = new URI("http://" + host.trim().toLowerCase(Locale.ROOT));
            int hostPort = hostUri.getPort() == -1 ? defaultPort : hostUri.getPort();
            return uri.getHost().equals(hostUri.getHost()) && originPort == hostPort;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
