package dev.wscommands.auth;

import dev.wscommands.settings.SecuritySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a WebSocket handshake may go on, from the token it carries: in {@code Authorization: Bearer TOKEN}
 * (programs), or in a subprotocol {@code bearer.TOKEN} offered beside {@code ws-commands} (browsers, which cannot set
 * headers on a WebSocket). Exactly one token must be carried. A token in the query string is refused, even beside a
 * good one: URLs end up in logs. So are other authorization schemes (Basic). Thread-safe.
 */
public final class Authenticator {

    static final String REALM = "ws-commands";
    /** RFC 6750's b64token. */
    private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    /** Three base64url parts: what a token in a query parameter looks like, whatever the parameter's name. */
    private static final Pattern JWT_SHAPE = Pattern.compile("[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    private static final List<String> TOKEN_PARAMETERS = List.of("access_token", "token", "jwt", "bearer");

    private final TokenVerifier verifier;

    private Authenticator(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /**
     * The authenticator of {@code settings}, whose keys are read now; empty when authentication is off.
     *
     * @throws KeyFileException when a key file cannot be used
     */
    public static Optional<Authenticator> of(SecuritySettings settings) {
        return settings.authenticationOn() ? Optional.of(new Authenticator(TokenVerifier.of(settings)))
                : Optional.empty();
    }

    /** Admits the handshake that carried {@code credentials}, or refuses it. */
    public Verdict authenticate(Credentials credentials) {
        if (queryCarriesToken(credentials.query())) {
            return invalidRequest("a token in the query string is not accepted; send it in the Authorization "
                    + "header or the bearer.TOKEN subprotocol");
        }
        List<String> tokens = new ArrayList<>();
        for (String header : credentials.authorization()) {
            String value = header.trim();
            int space = value.indexOf(' ');
            String scheme = space < 0 ? value : value.substring(0, space);
            if (!scheme.equalsIgnoreCase("Bearer")) {
                return invalidRequest("only Bearer tokens are accepted");
            }
            String token = space < 0 ? "" : value.substring(space + 1).trim();
            if (!TOKEN68.matcher(token).matches()) {
                return invalidToken("malformed token");
            }
            tokens.add(token);
        }
        for (String header : credentials.subprotocols()) {
            for (String offered : header.split(",")) {
                String protocol = offered.trim();
                if (protocol.regionMatches(true, 0, Credentials.SUBPROTOCOL_PREFIX, 0,
                        Credentials.SUBPROTOCOL_PREFIX.length())) {
                    tokens.add(protocol.substring(Credentials.SUBPROTOCOL_PREFIX.length()));
                }
            }
        }
        if (tokens.isEmpty()) {
            return new Verdict.Refused("no token", challenge());
        }
        if (tokens.size() > 1) {
            return invalidRequest("more than one token");
        }
        try {
            TokenVerifier.Verified verified = verifier.verify(tokens.get(0));
            return new Verdict.Admitted(verified.caller(), Optional.of(verified.expiresAt()));
        } catch (TokenRejected e) {
            return invalidToken(e.getMessage());
        }
    }

    private static boolean queryCarriesToken(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            if (TOKEN_PARAMETERS.contains(name) || JWT_SHAPE.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    private static String challenge() {
        return "Bearer realm=\"" + REALM + "\"";
    }

    private static Verdict.Refused invalidToken(String reason) {
        return new Verdict.Refused(reason, challenge() + ", error=\"invalid_token\", error_description=\"" + reason + "\"");
    }

    private static Verdict.Refused invalidRequest(String reason) {
        return new Verdict.Refused(reason, challenge() + ", error=\"invalid_request\", error_description=\"" + reason
                + "\"");
    }
}
