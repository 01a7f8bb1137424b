package dev.wscommands.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: launches the server command several times and, for each launch, measures from the moment the
 * process is started to the first accepted connection and to the first reply, then the round trip of that
 * first request and of the next ones on the same connection, and the server's resident memory once it has
 * answered them, and the CPU time the server had used by its first reply (less disturbed by other load on the
 * machine than the wall-clock figures). Stops each server it launched (SIGTERM, then a kill after a grace period) before the next.
 */
public final class LaunchProbe {

    /** Requests sent on the first connection; all but the first make up the "later" round trip. */
    public static final int REQUESTS = 50;
    private static final long STARTUP_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int TIMEOUT_MILLIS = 10_000;

    private final LoadPlan plan;
    private final List<String> command;
    private final int launches;
    private final File log;
    private final PrintStream progress;

    /**
     * @param plan     its url is where the launched server answers; its command and argument are sent
     * @param command  the server's command line, e.g. {@code java -jar target/ws-commands.jar --port 18300}
     * @param log      where the servers' output is appended, or {@code null} to discard it
     * @param progress where a line per launch goes (standard error), or {@code null}
     */
    public LaunchProbe(LoadPlan plan, List<String> command, int launches, File log, PrintStream progress) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the server's command line is missing");
        }
        if (launches < 1) {
            throw new IllegalArgumentException("launches must be at least 1");
        }
        this.plan = plan;
        this.command = List.copyOf(command);
        this.launches = launches;
        this.log = log;
        this.progress = progress;
    }

    public LaunchReport run() throws IOException, InterruptedException {
        primeOwnPath();
        List<LaunchReport.Launch> results = new ArrayList<>();
        for (int i = 0; i < launches; i++) {
            LaunchReport.Launch launch = launchOnce();
            results.add(launch);
            if (progress != null) {
                progress.println("[launch " + (i + 1) + "] " + launch.text());
            }
        }
        return new LaunchReport(plan, command, results);
    }

    private LaunchReport.Launch launchOnce() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        if (log == null) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        }
        long start = System.nanoTime();
        Process server = builder.start();
        try {
            BareConnection connection = connect(server, start);
            long connected = System.nanoTime();
            try (connection) {
                long[] roundTrips = new long[REQUESTS];
                long firstReply = 0;
                long cpuAtFirstReply = -1;
                for (int i = 0; i < REQUESTS; i++) {
                    long sent = System.nanoTime();
                    connection.send(plan.request(i + 1));
                    String reply = connection.receive();
                    long received = System.nanoTime();
                    if (LoadGenerator.requestId(reply) != i + 1) {
                        throw new IOException("reply to request " + (i + 1) + " does not match it: " + reply);
                    }
                    if (!reply.contains("\"Success\":true")) {
                        throw new IOException("request " + (i + 1) + " failed: " + reply);
                    }
                    roundTrips[i] = received - sent;
                    if (i == 0) {
                        firstReply = received;
                        cpuAtFirstReply = ProcessProbe.cpuNanos(server.pid()).orElse(-1);
                    }
                }
                long rss = ProcessProbe.rssBytes(server.pid()).orElse(-1);
                long[] later = Arrays.copyOfRange(roundTrips, 1, REQUESTS);
                Arrays.sort(later);
                return new LaunchReport.Launch((connected - start) / 1_000_000.0, (firstReply - start) / 1_000_000.0,
                        roundTrips[0] / 1000.0, later[later.length / 2] / 1000.0, rss,
                        cpuAtFirstReply < 0 ? -1 : cpuAtFirstReply / 1_000_000.0);
            }
        } finally {
            stop(server);
        }
    }

    /**
     * Runs the tool's own side of a request once before any launch: the first string concatenation of a JVM
     * alone costs tens of milliseconds (its call site is bootstrapped), which would otherwise show in the first
     * launch's round trip as if the server had spent it.
     */
    private void primeOwnPath() {
        String request = plan.request(REQUESTS);
        String reply = request.replace("\"Success\":false", "\"Success\":true");
        if (LoadGenerator.requestId(reply) != REQUESTS || !reply.contains("\"Success\":true")
                || request.getBytes(StandardCharsets.UTF_8).length == 0) {
            throw new IllegalStateException("the request template is broken: " + request);
        }
        ProcessProbe.cpuNanos(ProcessHandle.current().pid());
        ProcessProbe.rssBytes(ProcessHandle.current().pid());
    }

    /** Connects as soon as the server accepts connections, retrying every 2 ms; fails if the server exits. */
    private BareConnection connect(Process server, long start) throws IOException, InterruptedException {
        while (true) {
            try {
                return BareConnection.open(plan.url(), null, TIMEOUT_MILLIS);
            } catch (ConnectException e) {
                if (!server.isAlive()) {
                    throw new IOException("the server exited with status " + server.exitValue() + " before it listened"
                            + (log == null ? "" : "; see " + log));
                }
                if (System.nanoTime() - start > STARTUP_LIMIT_NANOS) {
                    throw new IOException("the server did not listen on " + plan.url() + " within 60 s");
                }
                TimeUnit.MILLISECONDS.sleep(2);
            }
        }
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(15, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
