package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.testing.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The standalone server's HTTP edge, over raw sockets: what it answers to requests no browser sends. */
class HttpEdgeTest {

    private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n";

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws Exception {
        server = running.start();
        Logger.getLogger("").addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        Logger.getLogger("").removeHandler(recorder);
    }

    @Test
    void malformedRequestsAreAnswered400AndClosed() throws Exception {
        byte[] tlsClientHello = {0x16, 0x03, 0x01, 0x00, (byte) 0xA5, 0x01, 0x00, 0x00, (byte) 0xA1, 0x03, 0x03};
        assertBadRequest(tlsClientHello);
        assertBadRequest(bytes("GARBAGE\r\n\r\n"));
        assertBadRequest(bytes("GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"));
        assertBadRequest(bytes("GET / HTTP/1.1\r\nHost: x\r\n folded: header\r\n\r\n"));
        assertBadRequest(bytes("GET / HTTP/9.9\r\nHost: x\r\n\r\n"));
        assertBadRequest(bytes("GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + "y".repeat(9000) + "\r\n\r\n"));
        assertBadRequest(bytes("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: twelve\r\n\r\n"));
    }

    @Test
    void aHandshakeWithoutKeyIsAnswered400FramedAndClosed() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(server.port(),
                "GET /server HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + "Sec-WebSocket-Version: 13\r\n\r\n");
        assertRefused(400, answer);
        assertTrue(answer.body().contains("Sec-WebSocket-Key"), answer.body());
    }

    @Test
    void aPostUpgradeIsRefused() throws Exception {
        assertRefused(400, RawHttp.exchange(server.port(),
                "POST /server HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + KEY + "Sec-WebSocket-Version: 13\r\n\r\n"));
    }

    @Test
    void anHttp10UpgradeIsRefused() throws Exception {
        assertRefused(400, RawHttp.exchange(server.port(),
                "GET /server HTTP/1.0\r\nHost: 127.0.0.1\r\n" + UPGRADE + KEY + "Sec-WebSocket-Version: 13\r\n\r\n"));
    }

    @Test
    void anotherWebSocketVersionIsAnswered426WithOurs() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(server.port(),
                "GET /server HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + KEY + "Sec-WebSocket-Version: 8\r\n\r\n");
        assertRefused(426, answer);
        assertEquals("13", answer.header("Sec-WebSocket-Version"));
    }

    @Test
    void aForeignOriginIsAnswered403FramedAndClosed() throws Exception {
        assertRefused(403, RawHttp.exchange(server.port(), "GET /server HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Origin: http://evil.example\r\n" + UPGRADE + KEY + "Sec-WebSocket-Version: 13\r\n\r\n"));
    }

    @Test
    void traversalAttemptsAre4xxWithNothingLoggedAboveFine() throws Exception {
        String[] targets = {"/../", "/%2e%2e/", "/..%2f..%2fetc/passwd", "/../../etc/passwd", "/%2E%2E/%2E%2E/etc/passwd",
            "/index.html/../../dev/wscommands/cli/Main.class", "/./index.html", "/%2e/index.html", "/a/%2e%2e/%2e%2e/x",
            "/..%5c..%5cetc/passwd", "/%00", "/index.html%00.txt", "/%zz", "/%", "/%c3%28", "/..", "/.%2e/x",
            "/dev/wscommands/cli/Main.class", "/webapp/index.html", "/logging.properties", "//etc/passwd",
            "/META-INF/MANIFEST.MF"};
        for (String target : targets) {
            RawHttp.Answer answer = RawHttp.exchange(server.port(),
                    "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertTrue(answer.status() == 400 || answer.status() == 404, target + " answered " + answer.status());
            assertEquals(String.valueOf(answer.body().getBytes(StandardCharsets.UTF_8).length),
                    answer.header("Content-Length"), target);
            assertNoInternals(answer);
        }
        for (LogRecord record : logged) {
            assertTrue(record.getLevel().intValue() <= Level.FINE.intValue(),
                    () -> "logged at " + record.getLevel() + ": " + record.getMessage());
        }
    }

    @Test
    void unknownPathsAndMethodsGetAPlainAnswerWithoutProductOrVersion() throws Exception {
        RawHttp.Answer missing = RawHttp.exchange(server.port(),
                "GET /nothing-here HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertEquals(404, missing.status());
        assertEquals("text/plain; charset=utf-8", missing.header("Content-Type"));
        assertNoInternals(missing);
        for (String method : new String[] {"OPTIONS", "PUT", "DELETE", "GET"}) {
            RawHttp.Answer answer = RawHttp.exchange(server.port(),
                    method + " /server HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertEquals(404, answer.status(), method);
            assertNoInternals(answer);
        }
        RawHttp.Answer delete = RawHttp.exchange(server.port(),
                "DELETE /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertEquals(405, delete.status());
        assertEquals("GET, HEAD", delete.header("Allow"));
        assertNoInternals(delete);
    }

    @Test
    void staticFilesCarryTheirCharsetAndSecurityHeaders() throws Exception {
        String host = "127.0.0.1:" + server.port();
        RawHttp.Answer page = get("/", host);
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("no-referrer", page.header("Referrer-Policy"));
        String policy = page.header("Content-Security-Policy");
        assertNotNull(policy, "the console page needs a Content-Security-Policy");
        assertTrue(policy.contains("default-src 'none'"), policy);
        assertTrue(policy.contains("script-src 'self'"), policy);
        assertTrue(policy.contains("style-src 'self'"), policy);
        assertTrue(policy.contains("connect-src 'self' ws://" + host + " wss://" + host), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(policy.contains("unsafe"), policy);

        RawHttp.Answer script = get("/console.js", host);
        assertEquals("text/javascript; charset=utf-8", script.header("Content-Type"));
        assertEquals("nosniff", script.header("X-Content-Type-Options"));
        RawHttp.Answer style = get("/console.css", host);
        assertEquals("text/css; charset=utf-8", style.header("Content-Type"));
        assertEquals("nosniff", style.header("X-Content-Type-Options"));
    }

    @Test
    void aHostHeaderThatIsNotAHostStaysOutOfThePolicy() throws Exception {
        String policy = get("/", "evil; script-src *").header("Content-Security-Policy");
        assertTrue(policy.contains("connect-src 'self';"), policy);
        assertFalse(policy.contains("evil"), policy);
    }

    @Test
    void keepAliveRequestsWithAndWithoutBodiesAreAllAnswered() throws Exception {
        try (Socket socket = RawHttp.connect(server.port(), null)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(bytes("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
            assertEquals(200, RawHttp.readAnswer(in).status());
            // A body the server does not want is skipped, not taken for the next request.
            out.write(bytes("POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\n\r\nhello world"));
            assertEquals(405, RawHttp.readAnswer(in).status());
            // Two requests in one write (pipelined).
            out.write(bytes("GET /console.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
            assertEquals(200, RawHttp.readAnswer(in).status());
            assertEquals(200, RawHttp.readAnswer(in).status());
        }
    }

    @Test
    void aMalformedRequestAfterAChunkedOneIsStillAnswered400() throws Exception {
        try (Socket socket = RawHttp.connect(server.port(), null)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(bytes("POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
            assertEquals(405, RawHttp.readAnswer(in).status());
            out.write(bytes("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
            assertEquals(200, RawHttp.readAnswer(in).status(), "the connection is still served after the chunks");
            out.write(bytes("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColonHere\r\n\r\n"));
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            assertTrue(RawHttp.readUntilClosed(in, rest), "closed after the 400");
            assertTrue(rest.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 400 "), rest.toString());
        }
        assertBadRequest(bytes("POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"));
        assertBadRequest(bytes("POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 5\r\n\r\nhello"));
        assertBadRequest(bytes("POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
    }

    private RawHttp.Answer get(String path, String host) throws Exception {
        return RawHttp.exchange(server.port(), "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    private void assertBadRequest(byte[] request) throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(server.port(), request);
        String sent = new String(request, StandardCharsets.ISO_8859_1);
        assertEquals(400, answer.status(), sent);
        assertEquals(String.valueOf(answer.body().length()), answer.header("Content-Length"), sent);
        assertTrue(answer.closed(), "the connection must be closed after: " + sent);
    }

    private static void assertRefused(int status, RawHttp.Answer answer) {
        assertEquals(status, answer.status());
        assertEquals(String.valueOf(answer.body().getBytes(StandardCharsets.UTF_8).length), answer.header("Content-Length"));
        assertTrue(answer.closed(), "the connection must be closed after a refused handshake");
        assertNoInternals(answer);
    }

    private static void assertNoInternals(RawHttp.Answer answer) {
        String all = answer.headers() + answer.body();
        for (String internal : new String[] {"Grizzly", "Tyrus", "4.0.", "Exception", "java."}) {
            assertFalse(all.contains(internal), "answer names " + internal + ": " + all);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
