package dev.wscommands.auth;

import dev.wscommands.api.Caller;
import java.time.Instant;
import java.util.Optional;

/** What the {@link Authenticator} made of a handshake: a caller, or a refusal with HTTP 401. */
public sealed interface Verdict {

    /**
     * The handshake may go on.
     *
     * @param caller    who it authenticated
     * @param expiresAt when the connection's authentication ends, if it does (a token's {@code exp} plus the skew)
     */
    record Admitted(Caller caller, Optional<Instant> expiresAt) implements Verdict {
    }

    /**
     * The handshake is answered 401.
     *
     * @param reason          a short reason for the client and the log, quoting nothing of the token
     * @param wwwAuthenticate the {@code WWW-Authenticate} header's value (RFC 6750, 3)
     */
    record Refused(String reason, String wwwAuthenticate) implements Verdict {

        /** The 401's short body. */
        public String body() {
            return "401 Unauthorized: " + reason + "\n";
        }
    }
}
