package dev.wscommands.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs documented shell steps with {@code sh}, as a user would paste them, in one working directory and with
 * the variables a user would have set ({@code JETTY_HOME}, …). The test JDK's {@code java} and {@code keytool}
 * come first on the {@code PATH}.
 */
public final class Shell {

    private static final Pattern EXPORT = Pattern.compile("^export (\\w+)=(.*)$");

    private final Path directory;
    private final Map<String, String> environment = new HashMap<>(System.getenv());

    /** A shell working in {@code directory} (created when missing). */
    public Shell(Path directory) {
        this.directory = directory.toAbsolutePath();
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path jdk = Path.of(System.getProperty("java.home"), "bin");
        environment.put("PATH", jdk + ":" + environment.getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** A shell working in {@code directory}, emptied first: what an earlier run left there is gone. */
    public static Shell inFreshDirectory(Path directory) {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Shell(directory);
    }

    /** The working directory. */
    public Path directory() {
        return directory;
    }

    /** Sets a variable for every later step. */
    public Shell set(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Applies {@code export NAME=VALUE} (one documented step) to every later step. */
    public void export(String step) {
        Matcher export = EXPORT.matcher(step.trim());
        if (!export.matches()) {
            throw new IllegalArgumentException("not an export: " + step);
        }
        environment.put(export.group(1), export.group(2));
    }

    /** Whether a step is an {@code export}, which must outlive the step. */
    public static boolean isExport(String step) {
        return EXPORT.matcher(step.trim()).matches();
    }

    /** Runs a script to its end with {@code sh -e}, {@code input} on its standard input; stdout and stderr. */
    public Result run(String script, String input, Duration timeout) {
        try {
            Process process = builder(script).redirectErrorStream(true).start();
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            // The output is read on its own thread so a chatty step cannot block on a full pipe.
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                throw new AssertionError("still running after " + timeout + ": " + script);
            }
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("running " + script, e);
        }
    }

    /** Runs a script that must succeed; its output. */
    public String runOk(String script, Duration timeout) {
        Result result = run(script, "", timeout);
        assertEquals(0, result.exitCode(), () -> "exit code of\n" + script + "\noutput:\n" + result.output());
        return result.output();
    }

    /** Starts a script that keeps running (a server), its output into {@code log}. */
    public Process start(String script, Path log) {
        try {
            return builder(script).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops what {@link #start} started: SIGTERM to the programs the script runs, then to the script itself
     * ({@code sh} does not pass the signal on), and SIGKILL after 30 s.
     */
    public static void stop(Process process) throws InterruptedException {
        // Listed first: once the script is gone its children are no longer its descendants.
        List<ProcessHandle> programs = process.descendants().toList();
        programs.forEach(ProcessHandle::destroy);
        process.destroy();
        for (ProcessHandle handle : programs) {
            handle.onExit().completeOnTimeout(handle, 30, TimeUnit.SECONDS).join();
            handle.destroyForcibly();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private ProcessBuilder builder(String script) {
        ProcessBuilder builder = new ProcessBuilder("sh", "-e", "-c", script).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    /** A port free on this machine now, for a walk-through's server in place of the README's fixed one. */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log file's text, for an assertion's message; what went wrong when it cannot be read. */
    public static String readLog(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How a script ended. */
    public record Result(int exitCode, String output) {
    }
}
