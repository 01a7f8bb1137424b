package dev.wscommands.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A client's name for itself, given in the WebSocket handshake so that the server can answer a resent request
 * from its first run: the {@value #HEADER} header, or, for browsers, which cannot set headers on a WebSocket, the
 * query parameter {@value #QUERY_PARAMETER}. An ID is 8 to 64 characters of {@code A-Z a-z 0-9 - _}; a UUID
 * fits.
 */
public final class ClientId {

    public static final String HEADER = "Client-Id";
    public static final String QUERY_PARAMETER = "client-id";
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{" + MIN_LENGTH + "," + MAX_LENGTH + "}");

    private ClientId() {
    }

    /** Whether {@code id} is a valid client ID. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /**
     * What is wrong with {@code id}, in a sentence that does not echo it (a handshake's refusal shows it), or
     * empty when it is valid.
     */
    public static Optional<String> problem(String id) {
        if (isValid(id)) {
            return Optional.empty();
        }
        if (id == null || id.length() < MIN_LENGTH || id.length() > MAX_LENGTH) {
            return Optional.of("invalid " + HEADER + ": it must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " characters long");
        }
        return Optional.of("invalid " + HEADER + ": only A-Z, a-z, 0-9, '-' and '_' are allowed");
    }

    /**
     * The client ID a handshake names: the header's value if it has one, else the query parameter's.
     *
     * @param header the {@value #HEADER} header's value, or {@code null}
     * @param query  the request's raw query string, or {@code null}
     * @return the ID as given (not yet checked), or empty when the handshake names none
     */
    public static Optional<String> fromHandshake(String header, String query) {
        if (header != null) {
            return Optional.of(header.strip());
        }
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (name.equals(QUERY_PARAMETER)) {
                // Not decoded: a valid ID has no character that needs escaping, and an escaped one is refused.
                return Optional.of(equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        return Optional.empty();
    }
}
