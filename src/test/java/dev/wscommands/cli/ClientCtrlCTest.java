package dev.wscommands.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.commands.CommandLoader;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RunningServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during {@code client --stdin}, as a user presses it: the CLI runs in a JVM of its own against a real
 * server, its standard input still open after one long {@code sleep}, and gets SIGINT by its PID. It must stop
 * the command on the server (the built-in {@code cancel}), print its summary and exit, long before the sleep
 * would have ended.
 */
class ClientCtrlCTest {

    private static final long SLEEP_MILLIS = 20_000;
    private static final String IN_FLIGHT = "ws_commands_commands_in_flight{command=\"sleep\"}";

    @RegisterExtension
    final RunningServer running = new RunningServer();
    @TempDir
    Path dir;

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private StandaloneServer server;
    private Process client;

    @BeforeEach
    void startServer() throws IOException {
        CommandCatalog catalog = CommandCatalog.builder()
                .addAll(CommandLoader.fromClassLoader(ClientCtrlCTest.class.getClassLoader()))
                .add(new Sleep(), "test")
                .build();
        server = running.start(ServerSettings.defaults(), catalog);
    }

    @AfterEach
    void stopClient() throws InterruptedException {
        if (client != null && client.isAlive()) {
            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void ctrlCCancelsTheUnansweredSleepOnTheServerPrintsTheSummaryAndExits130() throws Exception {
        Path stderr = dir.resolve("client.err");
        // env puts SIGINT back to its default first: a JVM started with SIGINT ignored (the build run in the
        // background by a shell without job control, as CI may) would keep it ignored, and never see the Ctrl-C.
        client = new ProcessBuilder("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "client", "--url", server.endpoint().toString(), "--stdin")
                .redirectError(stderr.toFile()).start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(client.getInputStream()));
        OutputStream stdin = client.getOutputStream();
        // One line, and standard input stays open: the client is still reading it when Ctrl-C comes.
        stdin.write(("sleep\t" + SLEEP_MILLIS + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();

        assertTrue(started.await(30, TimeUnit.SECONDS),
                () -> "the server never ran the sleep; the client's log:\n" + read(stderr));
        assertEquals(1, Metrics.scrape(server.uri().resolve("/metrics")).value(IN_FLIGHT));

        long ctrlC = System.nanoTime();
        interrupt(client);
        if (!client.waitFor(10, TimeUnit.SECONDS)) {
            fail("the client still runs 10 s after SIGINT (" + sigintDisposition(client) + "); its log:\n"
                    + read(stderr));
        }
        long exitedMillis = (System.nanoTime() - ctrlC) / 1_000_000;
        String output = stdout.get(10, TimeUnit.SECONDS);

        // The worker wakes from its interrupt on its own time, possibly just after the cancel was answered.
        assertTrue(interrupted.await(5, TimeUnit.SECONDS),
                "the server's sleep was not interrupted; the client printed:\n" + output);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Metrics.scrape(server.uri().resolve("/metrics")).value(IN_FLIGHT) == 0.0);
        // The cancel is answered in milliseconds; the client waits up to 2 s for it, so 5 s is far from 20.
        assertTrue(exitedMillis < 5_000, "exited " + exitedMillis + " ms after SIGINT");
        // The client gave the request up itself: it counts as failed, not answered, whatever the server replied.
        assertEquals(List.of("failed: cancelled", "sent 1, answered 0, resent 0, failed 1, reconnects 0, unmatched 0"),
                output.lines().toList());
        assertEquals(130, client.exitValue(), output);
    }

    /** SIGINT by PID, what Ctrl-C at a terminal sends to the process in the foreground. */
    private static void interrupt(Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT failed");
    }

    /** Whether SIGINT reaches the JVM at all, for the failure report (see the {@code env} in the test). */
    private static String sigintDisposition(Process process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    boolean ignored = (Long.parseLong(line.substring(7).strip(), 16) & 0x2) != 0;
                    return ignored ? "SIGINT is ignored in its process" : "SIGINT is not ignored";
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or gone meanwhile: nothing more to tell.
        }
        return "SIGINT disposition unknown";
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** As the example plug-in's {@code sleep}, and tells when it starts and when it is interrupted. */
    private final class Sleep implements CommandHandler {

        @Override
        public String name() {
            return "sleep";
        }

        @Override
        public String execute(CommandRequest request) throws InterruptedException {
            long millis = Long.parseLong(request.argument().strip());
            started.countDown();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return "slept " + millis + " ms";
        }
    }
}
