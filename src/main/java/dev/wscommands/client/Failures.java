package dev.wscommands.client;

import java.time.Duration;
import org.glassfish.tyrus.core.HandshakeException;

/** Says in the client's own words what went wrong, from what the container throws. */
final class Failures {

    // Tyrus's texts for an upgrade answered with another status, and for a wrong Sec-WebSocket-Accept.
    private static final String WRONG_STATUS = "Response code was not 101";
    private static final String WRONG_ACCEPT = "Sec-WebSocket-Key returned from server";

    private Failures() {
    }

    /** The HTTP status that refused the handshake, or 0 when the server did not answer it with another status. */
    static int handshakeStatus(Throwable failure) {
        HandshakeException handshake = handshakeException(failure);
        return handshake != null && String.valueOf(handshake.getMessage()).startsWith(WRONG_STATUS)
                ? handshake.getHttpStatusCode() : 0;
    }

    /** Why a connection attempt failed, for the log and for the requests it leaves unsent. */
    static String connectFailure(Throwable failure) {
        int status = handshakeStatus(failure);
        if (status != 0) {
            return "the server answered the WebSocket upgrade with HTTP " + status;
        }
        HandshakeException handshake = handshakeException(failure);
        if (handshake != null && String.valueOf(handshake.getMessage()).startsWith(WRONG_ACCEPT)) {
            // Tyrus names the header the client sent; the one that is wrong is the server's.
            return "the server's Sec-WebSocket-Accept header does not match the Sec-WebSocket-Key sent";
        }
        String root = rootCause(failure);
        return root.startsWith("Handshake response not received") ? "the server did not answer the WebSocket upgrade"
                : root;
    }

    static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Whether the server answered the handshake with 401: Tyrus reports it as an authentication failure. */
    static boolean unauthorized(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof org.glassfish.tyrus.client.auth.AuthenticationException) {
                return true;
            }
        }
        return handshakeStatus(failure) == 401;
    }

    /** The server's reason in a {@code WWW-Authenticate: Bearer ... error_description="..."}, or a general one. */
    static String tokenRefusal(String challenge) {
        java.util.regex.Matcher description = challenge == null ? null
                : java.util.regex.Pattern.compile("error_description=\"([^\"]*)\"").matcher(challenge);
        return description != null && description.find() ? description.group(1) : "a valid token is required (HTTP 401)";
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1_000 ? millis + " ms" : String.format("%.1f s", millis / 1000.0);
    }

    private static HandshakeException handshakeException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HandshakeException handshake) {
                return handshake;
            }
            if (cause.getCause() == cause) {
                return null;
            }
        }
        return null;
    }
}
