package dev.wscommands.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import dev.wscommands.testing.RunningServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

class ClientCommandTest {

    private StandaloneServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @RegisterExtension
    final RunningServer running = new RunningServer();

    @BeforeEach
    void startServer() throws IOException {
        server = running.start();
    }

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    @Test
    void countFiveExitsZeroAfterFiveReplyLinesAndTheSummary() {
        int exit = run("client", "--url", server.endpoint().toString(), "--count", "5", "--interval", "20ms");

        assertEquals(0, exit, err.toString());
        List<String> lines = lines();
        assertEquals(6, lines.size(), out.toString());
        for (int i = 0; i < 5; i++) {
            // Replies may come in any order; here each comes before the next request is sent.
            String line = lines.get(i);
            assertTrue(line.matches("RequestID " + (i + 1) + "  \\d+\\.\\d ms  The hot dog left the castle as requested\\."),
                    line);
        }
        assertEquals("sent 5, answered 5, resent 0, failed 0, reconnects 0, unmatched 0", lines.get(5));
    }

    @Test
    void aKeptClientIdGoesOnFromItsFirstRequestIdAndItsOldRequestIdsGetTheOldReplies() {
        String id = "cli-test-" + java.util.UUID.randomUUID();
        String url = server.endpoint().toString();
        assertEquals(0, run("client", "--url", url, "--count", "2", "--interval", "10ms", "--client-id", id,
                "--command", "heartbeat"));
        out.getBuffer().setLength(0);
        // RequestID 2 again, for another command: the server refuses to take it for a new request.
        assertEquals(1, run("client", "--url", url, "--count", "1", "--client-id", id, "--first-request-id", "2"));
        assertTrue(lines().get(0).contains("RequestID 2 was already used by this client for another request"),
                lines().get(0));
        out.getBuffer().setLength(0);
        assertEquals(0, run("client", "--url", url, "--count", "1", "--client-id", id, "--first-request-id", "3"));
        assertTrue(lines().get(0).startsWith("RequestID 3 "), lines().get(0));
    }

    @Test
    void anInvalidClientIdIsAUsageError() {
        assertEquals(2, run("client", "--url", server.endpoint().toString(), "--count", "1", "--client-id", "bad id"));
        assertTrue(err.toString().contains("invalid Client-Id"), err.toString());
    }

    @Test
    void errorRepliesMakeTheExitCodeNonZero() {
        int exit = run("client", "--url", server.endpoint().toString(), "--count", "2", "--interval", "10ms",
                "--command", "Launch the rocket.");

        assertEquals(1, exit);
        List<String> lines = lines();
        assertTrue(lines.get(0).contains("Error: unknown command \"Launch the rocket.\""), lines.get(0));
        assertEquals("sent 2, answered 2, resent 0, failed 2, reconnects 0, unmatched 0", lines.get(2));
    }

    @Test
    void refusedHandshakeGivesUpWithANonZeroExitCode() {
        int exit = run("client", "--url", "ws://127.0.0.1:" + server.port() + "/nowhere", "--count", "3",
                "--interval", "2s");

        assertEquals(1, exit);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("failed: client gave up: the server refused the handshake with HTTP 404"),
                lines.get(0));
        String summary = lines.get(lines.size() - 1);
        Matcher counts = Pattern.compile("sent 0, answered 0, resent 0, failed (\\d+), reconnects 0, unmatched 0, "
                + "not made (\\d+)").matcher(summary);
        assertTrue(counts.matches(), summary);
        // Every one of the three is either a failed request or one the run never made after the client gave up
        // (the 404 comes within milliseconds, the second request would be made after 2 s).
        assertEquals(3, Integer.parseInt(counts.group(1)) + Integer.parseInt(counts.group(2)), summary);
    }

    @Test
    void aReplyOverMaxReplySizeEndsTheRunNamingTheLimit() {
        int exit = run("client", "--url", server.endpoint().toString(), "--count", "2", "--interval", "10ms",
                "--max-reply-size", "50");

        assertEquals(1, exit);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("failed: client gave up: the connection was closed by the client with "
                + "1009: a reply was larger than 50 bytes ("), out.toString());
    }

    @Test
    void aValueOutOfBoundsIsAUsageErrorNamingIt() {
        assertEquals(2, run("client", "--max-reply-size", "0", "--count", "1"));
        assertTrue(err.toString().contains("max reply size must be between 1 and 1073741824 bytes, was 0"),
                err.toString());
        assertTrue(!err.toString().contains("at dev.wscommands"), err.toString());
    }

    @Test
    void badDurationIsAUsageError() {
        assertEquals(2, run("client", "--interval", "soon"));
        assertTrue(err.toString().contains("not a duration (like 500ms, 30s, 5m, 1h): \"soon\""), err.toString());
    }
}
