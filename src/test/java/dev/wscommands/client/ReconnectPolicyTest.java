package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReconnectPolicyTest {

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1006, 1011, 1012, 1013, 4000})
    void reconnectsAfterAnOutage(int code) {
        assertTrue(ReconnectPolicy.afterClose(code));
    }

    @ParameterizedTest
    @ValueSource(ints = {1002, 1003, 1007, 1008, 1009, 1010})
    void stopsWhenTheServerWouldRefuseAgain(int code) {
        assertFalse(ReconnectPolicy.afterClose(code));
    }

    private static CloseReason close(int code, String phrase) {
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), phrase);
    }

    @Test
    void aWriteFailingBeforeTheServersFinalCloseIsReadNeverCountsAsADrop() {
        // The failure came first, then the close: the close frame the guard read decides.
        ReconnectPolicy.Verdict verdict = ReconnectPolicy.afterEnd(null, close(1008, "rate limit 10/s exceeded"),
                "cannot send: java.io.IOException: Broken pipe", close(1006, "Closed abnormally."));
        assertFalse(verdict.reconnect());
        assertEquals("closed with 1008 (rate limit 10/s exceeded)", verdict.why());
    }

    @Test
    void theClientsOwnRefusalDecidesWhateverTheContainerReports() {
        Connection.Refusal refusal = new Connection.Refusal(1009, "closed by the client with 1009: too big");
        ReconnectPolicy.Verdict verdict = ReconnectPolicy.afterEnd(refusal, null,
                "cannot send: java.io.IOException: Locally closed", close(1006, "Closed abnormally."));
        assertFalse(verdict.reconnect());
        assertEquals("closed by the client with 1009: too big", verdict.why());
    }

    @Test
    void aFailureWithoutAnyCloseFrameIsADropAndSaysWhatFailed() {
        ReconnectPolicy.Verdict verdict = ReconnectPolicy.afterEnd(null, null, "cannot ping: closed",
                close(1001, "write failed"));
        assertTrue(verdict.reconnect());
        assertEquals("cannot ping: closed", verdict.why());
    }

    @Test
    void withNothingElseKnownTheReportedCloseDecides() {
        assertTrue(ReconnectPolicy.afterEnd(null, null, null, close(1006, "Closed abnormally.")).reconnect());
        ReconnectPolicy.Verdict verdict = ReconnectPolicy.afterEnd(null, null, null, close(1003, ""));
        assertFalse(verdict.reconnect());
        assertEquals("closed with 1003", verdict.why());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 426})
    void stopsWhenTheHandshakeIsRefused(int status) {
        assertFalse(ReconnectPolicy.afterHandshakeStatus(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503})
    void retriesAfterAHandshakeTheServerMayAnswerLater(int status) {
        assertTrue(ReconnectPolicy.afterHandshakeStatus(status));
    }

    @Test
    void stopsWhenTheServersCertificateFailsTheCheck() {
        CertificateException untrusted = new CertificateException("unable to find valid certification path");
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(untrusted);
        assertSame(untrusted, ReconnectPolicy.certificateFailure(new IOException("connect failed", handshake)));
    }

    @Test
    void retriesOtherTlsAndNetworkFailures() {
        assertNull(ReconnectPolicy.certificateFailure(
                new IOException(new SSLHandshakeException("Remote host terminated the handshake"))));
        assertNull(ReconnectPolicy.certificateFailure(new ConnectException("Connection refused")));
    }
}
