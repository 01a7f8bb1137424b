package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The request head syntax check alone, fed whole and one byte at a time (as a slow client sends). */
class RequestHeadScannerTest {

    /** Feeds {@code text} in pieces of {@code piece} bytes; the number of bytes accepted before a refusal. */
    private static int accepted(RequestHeadScanner scanner, String text, int piece) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int from = 0; from < bytes.length; from += piece) {
            int to = Math.min(bytes.length, from + piece);
            if (!scanner.scan(i -> bytes[i], from, to)) {
                return from;
            }
        }
        return bytes.length;
    }

    private static boolean valid(String text) {
        int whole = accepted(new RequestHeadScanner(), text, Integer.MAX_VALUE);
        int byByte = accepted(new RequestHeadScanner(), text, 1);
        boolean ok = whole == text.length();
        assertEquals(ok, byByte == text.length(), "the same verdict whole and byte by byte: " + text);
        return ok;
    }

    @Test
    void acceptsWellFormedRequestsPipelinedWithBodies() {
        assertTrue(valid("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertTrue(valid("\r\nGET /x?y=1 HTTP/1.0\nHost: a\n\n"));
        assertTrue(valid("POST /health HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n\u0000\u0001bin"
                + "GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nX-Obs: caf\u00e9\r\n\r\n"));
    }

    @Test
    void refusesWhatCannotBeHttp() {
        assertFalse(valid("GARBAGE\r\n\r\n"));
        assertFalse(valid("\u0016\u0003\u0001\u0000"));
        assertFalse(valid("GET / HTTP/1.1\r\nNoColon\r\n\r\n"));
        assertFalse(valid("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"));
        assertFalse(valid("GET  / HTTP/1.1\r\n\r\n"));
        assertFalse(valid("GET / HTTP/2.0\r\n\r\n"));
        assertFalse(valid("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"));
        assertFalse(valid("GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n"));
        assertFalse(valid("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
        assertFalse(valid("GET / HTTP/1.1\r\nHost: a\r\nX: " + "y".repeat(RequestHeadScanner.MAX_HEAD_BYTES) + "\r\n\r\n"));
    }

    @Test
    void stopsCheckingAfterAWebSocketUpgrade() {
        RequestHeadScanner upgrade = new RequestHeadScanner();
        String frames = "GET /server HTTP/1.1\r\nUpgrade: websocket\r\n\r\n\u0081\u0085\u0000garbage";
        assertEquals(frames.length(), accepted(upgrade, frames, 3));
        assertTrue(upgrade.passing());
    }

    @Test
    void followsAChunkedBodyAndChecksTheRequestAfterIt() {
        String chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n\u0000\u0001\r\n\u0004\r\nA;name=value\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n";
        assertTrue(valid(chunked + "GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertTrue(valid("POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\nGET / HTTP/1.1\nHost: a\n\n"));
        RequestHeadScanner scanner = new RequestHeadScanner();
        accepted(scanner, chunked, 1);
        assertFalse(scanner.passing());
        assertTrue(scanner.betweenRequests());
        assertFalse(valid(chunked + "GET / HTTP/1.1\r\nNoColon\r\n\r\n"));
    }

    @Test
    void refusesChunkedFramingThatCannotBeTrusted() {
        assertFalse(valid("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"));
        assertFalse(valid("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertFalse(valid("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nhello"));
        assertFalse(valid("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n"));
        assertFalse(valid("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1234567890abcdef0\r\n"));
        assertFalse(valid("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX"));
        assertFalse(valid("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;" + "e".repeat(2000) + "\r\n"));
    }
}
