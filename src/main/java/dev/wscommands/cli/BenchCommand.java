package dev.wscommands.cli;

import dev.wscommands.bench.BenchReport;
import dev.wscommands.bench.HandshakeLoad;
import dev.wscommands.bench.HandshakeReport;
import dev.wscommands.bench.IdleLoad;
import dev.wscommands.bench.IdleReport;
import dev.wscommands.bench.LaunchProbe;
import dev.wscommands.bench.LaunchReport;
import dev.wscommands.bench.LoadGenerator;
import dev.wscommands.bench.LoadPlan;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ws-commands bench}: puts a running server under load and reports throughput, latency and CPU time
 * (see docs/BENCHMARKS.md). Exits with 0 when every request was answered by its own reply (every connection
 * alive, with {@code --idle}), 1 otherwise.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Loads a running server: C connections each keep W requests in flight; prints msgs/s, "
                + "latency percentiles, errors and CPU time. A progress line goes to standard error each second.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "ws://127.0.0.1:8080/server",
            description = "The command endpoint (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = {"-c", "--connections"}, paramLabel = "C", defaultValue = "50",
            description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-w", "--in-flight"}, paramLabel = "W", defaultValue = "8",
            description = "Requests in flight per connection (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Measured time; with --idle, how long connections are held (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "Unmeasured load before the measured time (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "The server's process id (Linux): adds its CPU time per request, and with --idle its "
                    + "memory per connection, read from /proc.")
    Long serverPid;

    @Option(names = "--json", description = "Print the result as one JSON line instead of a summary.")
    boolean json;

    @Option(names = "--idle", description = "Open C connections, hold them for the duration, then send one request "
            + "on each and count those that answer. Loopback connections are spread over 127.0.0.x source "
            + "addresses, " + IdleLoad.PER_ADDRESS + " per address.")
    boolean idle;

    @Option(names = "--handshakes", description = "Connection churn: C threads each open a connection, send one "
            + "request, read the reply and close, again and again; prints handshakes per second (and with "
            + "--server-pid the server's CPU time per handshake).")
    boolean handshakes;

    @Option(names = "--token-file", paramLabel = "PATH",
            description = "A bearer token for a server with authentication, sent on every connection.")
    java.nio.file.Path tokenFile;

    @Option(names = "--command", paramLabel = "NAME", defaultValue = LoadPlan.DEFAULT_COMMAND,
            description = "The Command of every request (default: ${DEFAULT-VALUE}).")
    String command;

    @Option(names = "--argument", paramLabel = "TEXT", defaultValue = "",
            description = "The SomeOtherThing of every request, the command's argument (default: none).")
    String argument;

    @Option(names = "--client-ids",
            description = "Each connection names itself with a random Client-Id, so that the server keeps every "
                    + "reply for a resend.")
    boolean clientIds;

    @Option(names = "--launch", paramLabel = "N",
            description = "Cold start: launch the server command given after -- N times; each time measure the "
                    + "time to its first accepted connection and first reply, the first request's round trip, "
                    + "the median of the next " + (LaunchProbe.REQUESTS - 1) + " and its RSS; then stop it. "
                    + "--url says where it will answer.")
    Integer launches;

    @Option(names = "--launch-log", paramLabel = "FILE",
            description = "With --launch: append the launched servers' output here (default: discarded).")
    File launchLog;

    @Parameters(paramLabel = "SERVER_COMMAND", arity = "0..*",
            description = "With --launch: the server's command line, after --.")
    List<String> serverCommand = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        LoadPlan plan = new LoadPlan(url, connections, inFlight, duration, warmup,
                serverPid == null ? OptionalLong.empty() : OptionalLong.of(serverPid), command, argument, clientIds);
        PrintWriter out = spec.commandLine().getOut();
        if (launches != null) {
            if (serverCommand.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--launch needs the server's command line after --");
            }
            if (launches < 1) {
                throw new ParameterException(spec.commandLine(), "--launch must be at least 1, was " + launches);
            }
            LaunchReport report;
            try {
                report = new LaunchProbe(plan, serverCommand, launches, launchLog, System.err).run();
            } catch (IOException e) {
                // A server that would not start or answer: one line saying so, not a stack trace.
                spec.commandLine().getErr().println("bench: " + e.getMessage());
                return 1;
            }
            out.println(json ? report.json() : report.text());
            out.flush();
            return 0;
        }
        if (!serverCommand.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "a server command line is only taken with --launch");
        }
        String token = tokenFile == null ? null : java.nio.file.Files.readString(tokenFile).strip();
        if (handshakes) {
            HandshakeReport report = new HandshakeLoad(plan, token, System.err).run();
            out.println(json ? report.json() : report.text());
            out.flush();
            return report.allSucceeded() ? 0 : 1;
        }
        if (idle) {
            IdleReport report = new IdleLoad(plan, System.err).run();
            out.println(json ? report.json() : report.text());
            out.flush();
            return report.allAlive() ? 0 : 1;
        }
        BenchReport report = new LoadGenerator(plan, System.err, token).run();
        out.println(json ? report.json() : report.text());
        out.flush();
        return report.allMatched() ? 0 : 1;
    }
}
