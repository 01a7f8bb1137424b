package dev.wscommands.cli;

import dev.wscommands.client.Backoff;
import dev.wscommands.client.ClientSettings;
import dev.wscommands.client.ClientStats;
import dev.wscommands.client.CommandClient;
import dev.wscommands.client.PendingLimitException;
import dev.wscommands.client.TrustStore;
import dev.wscommands.protocol.Message;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Sends a command every interval over one resilient connection and prints one line per reply, then a summary
 * (also on Ctrl-C). With {@code --count N} it stops after N requests and exits 0 when all N were answered with
 * {@code Success:true}. With {@code --stdin} it sends the requests of standard input instead, one a line
 * ({@link RequestScript}). Ctrl-C asks the server to cancel what is still unanswered before the client exits.
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Sends a command every interval (or the requests of standard input, with --stdin) and prints "
                + "each reply; reconnects and resends until every request is answered.",
        sortOptions = false)
final class ClientCommand implements Callable<Integer> {

    static final String TLS_PASSWORD_VARIABLE = "WS_COMMANDS_TLS_TRUSTSTORE_PASSWORD";
    /** How long Ctrl-C waits for the server to answer the cancels of what is unanswered. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    /** Where the trust store password comes from; tests replace the process environment. */
    Function<String, String> environment = System::getenv;

    /** What {@code --stdin} reads; tests replace the process's standard input. */
    InputStream stdin = System.in;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "ws://127.0.0.1:8080/server",
            description = "The server's WebSocket endpoint (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s",
            description = "Time between two requests (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--command", paramLabel = "TEXT", defaultValue = "Eject the hot dog.",
            description = "The command to send (default: ${DEFAULT-VALUE}).")
    String command;

    @Option(names = "--argument", paramLabel = "TEXT", defaultValue = "",
            description = "The command's argument, the request's SomeOtherThing (default: none).")
    String argument;

    @Option(names = "--stdin",
            description = "Send the requests of standard input instead, one a line: the command, then optionally "
                    + "a TAB and its argument (\\t, \\n, \\r and \\\\ escapes allowed). Requests are "
                    + "pipelined; exits 0 when every one got Success:true.")
    boolean stdinScript;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Send N requests, wait for their replies and exit; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--ping-interval", paramLabel = "DURATION", defaultValue = "20s",
            description = "Time between WebSocket pings; a ping unanswered at the next one means the connection is "
                    + "dead (default: ${DEFAULT-VALUE}).")
    Duration pingInterval;

    @Option(names = "--pong-timeout", paramLabel = "DURATION", defaultValue = "20s",
            description = "How long a ping may wait for its pong, if shorter than the ping interval (default: ${DEFAULT-VALUE}).")
    Duration pongTimeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Longest time for one connection attempt (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--reconnect-min", paramLabel = "DURATION", defaultValue = "1s",
            description = "The first retry comes within this time; each further one may wait twice as long "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration reconnectMin;

    @Option(names = "--reconnect-max", paramLabel = "DURATION", defaultValue = "30s",
            description = "Longest wait between two connection attempts (default: ${DEFAULT-VALUE}).")
    Duration reconnectMax;

    @Option(names = "--max-pending", paramLabel = "N", defaultValue = "1000",
            description = "Most unanswered requests; beyond them a request fails at once (default: ${DEFAULT-VALUE}).")
    int maxPending;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long a request may wait for its reply (default: ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--max-reply-size", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest reply the client reads; a larger one closes the connection with 1009 and stops "
                    + "the client (default: ${DEFAULT-VALUE}).")
    long maxReplySize;

    @Option(names = "--client-id", paramLabel = "ID", defaultValue = ClientSettings.FRESH,
            description = "How the client names itself, so that the server answers a request it resends from the "
                    + "first run: fresh (a new random ID), none (a resend runs again), or an ID of 8 to 64 of "
                    + "A-Z a-z 0-9 - _ kept across runs (default: ${DEFAULT-VALUE}).")
    String clientId;

    @Option(names = "--first-request-id", paramLabel = "N", defaultValue = "1",
            description = "RequestID of the first request. With a --client-id kept across runs, start after the "
                    + "last one of the run before, or the server answers new requests with old replies "
                    + "(default: ${DEFAULT-VALUE}).")
    long firstRequestId;

    @Option(names = "--tls-truststore", paramLabel = "PATH",
            description = "PKCS#12 or JKS file with the certificates to trust for wss:// instead of the JVM's "
                    + "default ones. Its password is read from the environment variable " + TLS_PASSWORD_VARIABLE + ".")
    Path tlsTruststore;

    @Option(names = "--token-file", paramLabel = "PATH",
            description = "A file holding the bearer token for a server with authentication, read again on every "
                    + "connection attempt (so a refreshed token is used on the next reconnect). Never a flag value: "
                    + "flags show in the process list.")
    Path tokenFile;

    @Override
    public Integer call() {
        ClientSettings settings;
        try {
            settings = new ClientSettings(url, pingInterval, pongTimeout, connectTimeout,
                    Backoff.of(reconnectMin, reconnectMax), ClientSettings.DEFAULT_HEALTHY_AFTER, maxPending,
                    requestTimeout).withMaxReplySize(maxReplySize).withClientId(clientId, firstRequestId);
        } catch (IllegalArgumentException e) {
            // The settings name the value and its bounds: a usage error, not a stack trace.
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (tlsTruststore != null) {
            settings = settings.withTls(trustStore());
        }
        if (tokenFile != null) {
            if (!java.nio.file.Files.isReadable(tokenFile)) {
                throw new ParameterException(spec.commandLine(), "--token-file " + tokenFile + " cannot be read");
            }
            Path file = tokenFile;
            settings = settings.withBearerToken(() -> readToken(file));
        }
        if (stdinScript && (spec.commandLine().getParseResult().hasMatchedOption("--command")
                || spec.commandLine().getParseResult().hasMatchedOption("--argument")
                || spec.commandLine().getParseResult().hasMatchedOption("--count"))) {
            throw new ParameterException(spec.commandLine(),
                    "--stdin reads the commands and arguments from standard input: leave out --command, --argument "
                            + "and --count");
        }
        PrintWriter out = spec.commandLine().getOut();
        CompletableFuture<Void> halt = new CompletableFuture<>();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        CommandClient client = CommandClient.connect(settings);
        client.terminated().whenComplete((ignored, failure) -> halt.complete(null));
        AtomicBoolean summarized = new AtomicBoolean();
        // Ctrl-C: stop sending, ask the server to stop what still runs, let the main thread print the summary
        // (or print it here, when the main thread is blocked reading standard input), then let the JVM go.
        Thread onCtrlC = new Thread(() -> {
            halt.complete(null);
            client.cancelAll().completeOnTimeout(null, CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
            client.close();
            if (stdinScript) {
                // The main thread may be blocked reading standard input for good: waiting for it would only
                // delay the exit. This returns once the summary is printed, by whichever thread got there first.
                summarize(client, out, 0, summarized);
            } else {
                finished.completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
            }
        }, "ws-commands-client-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        if (stdinScript) {
            boolean allSucceeded;
            try {
                BufferedReader input = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                allSucceeded = new RequestScript(client, input, out, maxPending).run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                allSucceeded = false;
            } finally {
                client.close();
                summarize(client, out, 0, summarized);
                finished.complete(null);
                removeShutdownHook(onCtrlC);
            }
            return allSucceeded ? 0 : 1;
        }
        long made = 0;
        try {
            Set<CompletableFuture<Void>> outstanding = ConcurrentHashMap.newKeySet();
            for (; count == 0 || made < count; made++) {
                if (made > 0 ? halted(halt, interval) : halt.isDone()) {
                    break;
                }
                long start = System.nanoTime();
                CompletableFuture<Message> reply;
                try {
                    reply = client.send(command, argument);
                } catch (PendingLimitException e) {
                    out.println("failed: " + e.getMessage());
                    continue;
                }
                CompletableFuture<Void> printed = reply.handle((answer, failure) -> {
                    out.println(ReplyLine.of(answer, failure, System.nanoTime() - start));
                    return null;
                });
                outstanding.add(printed);
                printed.thenRun(() -> outstanding.remove(printed));
            }
            // Every request has a deadline, and closing the client fails the rest: this wait ends.
            CompletableFuture.allOf(outstanding.toArray(CompletableFuture[]::new)).join();
        } finally {
            client.close();
            // After the client gave up, --count N says how many requests were never made.
            summarize(client, out, count > 0 ? count - made : 0, summarized);
            finished.complete(null);
            removeShutdownHook(onCtrlC);
        }
        ClientStats stats = client.stats();
        boolean allAnswered = count > 0 && stats.answered() == count && stats.failed() == 0;
        boolean gaveUp = client.terminated().isCompletedExceptionally();
        return allAnswered || (count == 0 && !gaveUp) ? 0 : 1;
    }

    /** The token in {@code file}, its surrounding white space (a final newline) left out. */
    private static String readToken(Path file) {
        try {
            return java.nio.file.Files.readString(file).strip();
        } catch (IOException e) {
            // Not the content: only which file could not be read.
            throw new java.io.UncheckedIOException("--token-file " + file + " cannot be read", e);
        }
    }

    private SSLContext trustStore() {
        String password = environment.apply(TLS_PASSWORD_VARIABLE);
        if (password == null) {
            throw new ParameterException(spec.commandLine(),
                    "--tls-truststore needs the trust store password in the environment variable " + TLS_PASSWORD_VARIABLE);
        }
        try {
            return TrustStore.load(tlsTruststore, password.toCharArray());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Waits {@code interval} for the pace of requests; true when the run was halted meanwhile. */
    private static boolean halted(CompletableFuture<Void> halt, Duration interval) {
        try {
            halt.get(interval.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /**
     * Prints the summary line, once: the main thread and the Ctrl-C hook may both get here. Returns when it is
     * printed, also to the thread that came second, so that the JVM cannot end in the middle of it.
     */
    private static void summarize(CommandClient client, PrintWriter out, long notMade, AtomicBoolean summarized) {
        synchronized (summarized) {
            if (summarized.compareAndSet(false, true)) {
                out.println(client.stats().summary() + (notMade > 0 ? ", not made " + notMade : ""));
                out.flush();
            }
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and must stay.
        }
    }
}
