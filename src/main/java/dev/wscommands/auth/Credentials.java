package dev.wscommands.auth;

import java.util.List;

/**
 * What a WebSocket handshake carried that may authenticate it, as the host's HTTP layer read it.
 *
 * @param authorization the values of every {@code Authorization} header
 * @param subprotocols  the values of every {@code Sec-WebSocket-Protocol} header (each a comma-separated list)
 * @param query         the request target's query string, or {@code null} when it has none
 */
public record Credentials(List<String> authorization, List<String> subprotocols, String query) {

    /** The prefix of the subprotocol that carries a token for browsers, which cannot set headers. */
    public static final String SUBPROTOCOL_PREFIX = "bearer.";

    public Credentials {
        authorization = authorization == null ? List.of() : List.copyOf(authorization);
        subprotocols = subprotocols == null ? List.of() : List.copyOf(subprotocols);
    }
}
