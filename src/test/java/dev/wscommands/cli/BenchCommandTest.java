package dev.wscommands.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bench command runs briefly against a real server and reports every request answered; no timing is checked. */
class BenchCommandTest {

    private StandaloneServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new StandaloneServer(StandaloneSettings.onPort(0));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private String bench(String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        String[] all = new String[args.length + 4];
        all[0] = "bench";
        all[1] = "--url";
        all[2] = server.endpoint().toString();
        all[3] = "--json";
        System.arraycopy(args, 0, all, 4, args.length);
        int exit = commandLine.execute(all);
        assertEquals(0, exit, "exit code; output: " + out);
        return out.toString();
    }

    private static long figure(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void loadRunReportsEveryRequestAnsweredByItsOwnReply() {
        String json = bench("--connections", "2", "--in-flight", "4", "--duration", "1s", "--warmup", "0s",
                "--server-pid", Long.toString(ProcessHandle.current().pid()));
        assertTrue(json.contains("\"allMatched\":true"), json);
        assertEquals(0, figure(json, "errors"));
        assertEquals(0, figure(json, "mismatched"));
        assertEquals(0, figure(json, "missing"));
        assertTrue(figure(json, "replies") > 0, json);
        assertTrue(figure(json, "serverCpuMicrosPerRequest") >= 0, json);
    }

    @Test
    void idleRunFindsEveryHeldConnectionAlive() {
        String json = bench("--idle", "--connections", "3", "--duration", "0s");
        assertTrue(json.contains("\"allAlive\":true"), json);
        assertEquals(3, figure(json, "opened"));
        assertEquals(3, figure(json, "alive"));
    }

    @Test
    void loadRunSendsTheCommandItIsGiven() {
        // An unknown command is answered with an error reply: the run then fails, which shows the flag is used.
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        int exit = commandLine.execute("bench", "--url", server.endpoint().toString(), "--json", "--connections", "1",
                "--in-flight", "1", "--duration", "1s", "--warmup", "0s", "--command", "no such command");
        assertEquals(1, exit, out.toString());
        assertTrue(out.toString().contains("\"allMatched\":false"), out.toString());

        String json = bench("--connections", "1", "--in-flight", "2", "--duration", "1s", "--warmup", "0s",
                "--command", "heartbeat");
        assertTrue(json.contains("\"allMatched\":true"), json);
    }

    @Test
    void launchNeedsTheServerCommandLineAndSaysWhenTheServerDoesNotStart() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err));
        assertEquals(2, commandLine.execute("bench", "--launch", "1"));
        assertTrue(err.toString().contains("--launch needs the server's command line after --"), err.toString());

        StringWriter failed = new StringWriter();
        CommandLine again = Main.commandLine();
        again.setErr(new PrintWriter(failed));
        assertEquals(1, again.execute("bench", "--launch", "1", "--url", "ws://127.0.0.1:1/server", "--", "false"));
        assertTrue(failed.toString().startsWith("bench: the server exited with status 1 before it listened"),
                failed.toString());
    }

    @Test
    void refusesADurationItCannotRead() {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, commandLine.execute("bench", "--duration", "soon"));
    }
}
