package dev.wscommands.plugins;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar target/ws-commands.jar} run as a user runs it: its standard error goes to a file that the
 * test reads (the server's log), its endpoint is read from the line it prints when ready.
 */
public final class JarProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("WebSocket: (ws://\\S+)\\)");
    private static final long TIMEOUT_SECONDS = 30;

    private final Process process;
    private final Path stderr;

    private JarProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** Starts the jar with {@code args}, its standard error written to {@code stderr}. */
    public static JarProcess start(Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/ws-commands.jar"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new JarProcess(process, stderr);
    }

    /** The WebSocket endpoint, once the server says it is ready. */
    public URI awaitEndpoint() throws Exception {
        return CompletableFuture.supplyAsync(this::readEndpoint).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("java -jar still running after " + TIMEOUT_SECONDS + " s");
        }
        return process.exitValue();
    }

    /** Stops the server with SIGTERM and waits for it to end. */
    public void stop() throws InterruptedException {
        process.destroy();
        awaitExit();
    }

    /** Everything written to standard error so far. */
    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    private URI readEndpoint() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    return URI.create(ready.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("server exited before it was ready");
    }

    /** Kills the server with SIGKILL, by its PID, and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
