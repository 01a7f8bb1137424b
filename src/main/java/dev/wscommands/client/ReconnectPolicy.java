package dev.wscommands.client;

import jakarta.websocket.CloseReason;
import java.security.cert.CertificateException;
import java.util.Set;

/**
 * Decides whether reconnecting can help after a connection ended or a handshake was refused. {@link #afterEnd} is
 * the one place that classifies how a connection ended.
 */
final class ReconnectPolicy {

    /** How a connection ended, in words for the log and the listener, and whether to reconnect. */
    record Verdict(String why, boolean reconnect) {
    }

    /**
     * Close codes that say the server will refuse the same requests again: protocol error (1002), data it
     * cannot accept (1003), invalid payload (1007), policy violation (1008), message too big (1009), missing
     * extension (1010). Every other code (1000, 1001, 1006, 1011, 1012, 1013, ...) is an outage worth waiting out.
     */
    private static final Set<Integer> FINAL_CLOSE_CODES = Set.of(1002, 1003, 1007, 1008, 1009, 1010);

    /** The reason of the server's 1008 at a token's expiry. */
    static final String AUTHENTICATION_EXPIRED = "authentication expired";

    private ReconnectPolicy() {
    }

    /** Whether to reconnect after the server closed with {@code closeCode}. */
    static boolean afterClose(int closeCode) {
        return !FINAL_CLOSE_CODES.contains(closeCode);
    }

    /**
     * How a connection ended, from all the client learnt of it, the strongest first: its own refusal of a reply
     * ({@code refusal}, with its close code, which the close Tyrus then reports may not show); the server's close
     * frame as the client's frame guard read it ({@code serverClose}); the first failure the client saw on it
     * ({@code failure}: a write or ping failing, no pong); last, the close the container reported
     * ({@code reported}). A write that fails because a final close is under way therefore never reads as a
     * drop: the close decides. Each argument but one may be null.
     */
    static Verdict afterEnd(Connection.Refusal refusal, CloseReason serverClose, String failure,
                            CloseReason reported) {
        if (refusal != null) {
            return new Verdict(refusal.why(), afterClose(refusal.closeCode()));
        }
        if (serverClose != null) {
            return afterServerClose(serverClose);
        }
        if (failure != null) {
            return new Verdict(failure, true);
        }
        return afterServerClose(reported);
    }

    private static Verdict afterServerClose(CloseReason reason) {
        int code = reason.getCloseCode().getCode();
        String phrase = reason.getReasonPhrase();
        String why = "closed with " + code + (phrase == null || phrase.isEmpty() ? "" : " (" + phrase + ")");
        // The one 1008 that a new connection cures: the token ran out, and the next one comes from the supplier.
        boolean expired = code == 1008 && AUTHENTICATION_EXPIRED.equals(phrase);
        return new Verdict(why, expired || afterClose(code));
    }

    /**
     * Whether to retry after the server answered the handshake with {@code httpStatus}: a 4xx (wrong path,
     * forbidden origin, ...) will be answered the same way again, except timeouts (408) and rate limits (429).
     */
    static boolean afterHandshakeStatus(int httpStatus) {
        return httpStatus < 400 || httpStatus >= 500 || httpStatus == 408 || httpStatus == 429;
    }

    /**
     * The certificate check that failed a connection attempt's TLS handshake, or null: a server certificate that
     * is not trusted or does not name the host fails every retry the same way, so the client stops. Other TLS
     * failures (a server closing during the handshake) are retried like network errors.
     */
    static CertificateException certificateFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof CertificateException certificate) {
                return certificate;
            }
        }
        return null;
    }
}
