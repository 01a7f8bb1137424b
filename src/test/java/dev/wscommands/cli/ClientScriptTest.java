package dev.wscommands.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.commands.CommandLoader;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.EchoCommand;
import dev.wscommands.testing.RunningServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code client --argument} and {@code client --stdin} against a real server with commands that take arguments,
 * written as the example plug-in's {@code echo} and {@code sleep} are.
 */
class ClientScriptTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private StandaloneServer server;

    @RegisterExtension
    final RunningServer running = new RunningServer();

    @BeforeEach
    void startServer() throws IOException {
        CommandCatalog catalog = CommandCatalog.builder()
                .addAll(CommandLoader.fromClassLoader(ClientScriptTest.class.getClassLoader()))
                .add(new EchoCommand(), "test")
                .add(new Sleep(), "test")
                .build();
        server = running.start(ServerSettings.defaults(), catalog);
    }

    private int run(String input, String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        ((ClientCommand) commandLine.getSubcommands().get("client").getCommand()).stdin =
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        return commandLine.execute(args);
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    @Test
    void argumentReachesTheCommandWithUnicodeAndQuotesIntact() {
        String argument = "héllo, \"wörld\" 'single' \\ ✓ 🌍";
        int exit = run("", "client", "--url", server.endpoint().toString(), "--count", "1", "--command", "echo",
                "--argument", argument);

        assertEquals(0, exit, err.toString());
        assertTrue(lines().get(0).matches("RequestID 1  \\d+\\.\\d ms  \\Q" + argument + "\\E"), out.toString());
    }

    @Test
    void aMixedScriptIsPipelinedRepliesComeInTheOrderTheyFinishAndAllSucceedingExitsZero() {
        String script = String.join("\n",
                "sleep\t600",
                "",
                "echo\tfirst line\\nsecond line",
                "Eject the hot dog.",
                "echo\ttab\\there, backslash \\\\, \"quotes\"",
                "sleep\t0") + "\n";
        long start = System.nanoTime();
        int exit = run(script, "client", "--url", server.endpoint().toString(), "--stdin");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(0, exit, out + err.toString());
        List<String> lines = lines();
        assertEquals(7, lines.size(), out.toString());
        // The sleep sent first is answered last: the others did not wait for it.
        assertTrue(lines.get(5).matches("RequestID 1  \\d+\\.\\d ms  slept 600 ms"), out.toString());
        String echoed = String.join("\n", lines.subList(0, 5));
        assertTrue(echoed.contains("  first line\nsecond line"), out.toString());
        assertTrue(echoed.contains("  tab\there, backslash \\, \"quotes\""), out.toString());
        assertTrue(echoed.contains("  The hot dog left the castle as requested."), out.toString());
        assertTrue(echoed.contains("  slept 0 ms"), out.toString());
        assertEquals("sent 5, answered 5, resent 0, failed 0, reconnects 0, unmatched 0", lines.get(6));
        // One round trip per line would be at least 600 ms plus the rest; pipelined, about the longest sleep.
        assertTrue(millis < 10_000, millis + " ms");
    }

    @Test
    void anErrorReplyOrAnInvalidLineMakesTheExitCodeOneAndTheScriptGoesOn() {
        int exit = run("echo\tbefore\nsleep\tsoon\necho\tbad \\q escape\necho\tafter\n",
                "client", "--url", server.endpoint().toString(), "--stdin");

        assertEquals(1, exit);
        String printed = out.toString();
        assertTrue(printed.contains("failed: line 3: unknown escape \\q in the argument"), printed);
        assertTrue(printed.contains("Error: sleep needs a whole number of milliseconds"), printed);
        assertTrue(printed.contains("  before\n") && printed.contains("  after\n"), printed);
        assertTrue(printed.endsWith("sent 3, answered 3, resent 0, failed 1, reconnects 0, unmatched 0\n"), printed);

        out.getBuffer().setLength(0);
        assertEquals(0, run("echo\tonly this\n", "client", "--url", server.endpoint().toString(), "--stdin"));
    }

    @Test
    void anEmptyScriptSendsNothingAndExitsZero() {
        assertEquals(0, run("\n\n", "client", "--url", server.endpoint().toString(), "--stdin"));
        assertEquals(List.of("sent 0, answered 0, resent 0, failed 0, reconnects 0, unmatched 0"), lines());
    }

    @Test
    void stdinWithCommandIsAUsageError() {
        assertEquals(2, run("", "client", "--stdin", "--command", "echo"));
        assertTrue(err.toString().contains("--stdin reads the commands and arguments from standard input"),
                err.toString());
    }

    /** As the example plug-in's {@code sleep}: waits its argument's milliseconds on a worker. */
    private static final class Sleep implements CommandHandler {

        @Override
        public String name() {
            return "sleep";
        }

        @Override
        public String execute(CommandRequest request) throws InterruptedException {
            long millis;
            try {
                millis = Long.parseLong(request.argument().strip());
            } catch (NumberFormatException e) {
                throw new dev.wscommands.api.CommandFailure("sleep needs a whole number of milliseconds");
            }
            Thread.sleep(millis);
            return "slept " + millis + " ms";
        }
    }
}
