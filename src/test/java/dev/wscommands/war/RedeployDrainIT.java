package dev.wscommands.war;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RawWebSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The application stopped while a command runs, in every container the build deployed the WAR to, the way that
 * container's operator would do it: Tomcat's manager reloads it, Jetty redeploys it when its context file changes,
 * GlassFish and Payara disable it with {@code asadmin}. The command's reply still goes out, then the session's
 * 1001. The WAR is the one with the example plug-in ({@code sleep}), at {@code /ws-commands-plugins}; it is
 * serving again when the test ends.
 *
 * <p>A second, idle connection proves that the stop was under way before the reply: it sends a {@code heartbeat}
 * every 200 ms, and one sent well before the reply that is never answered was refused by the drain (requests that
 * arrive during the drain are not run).
 */
class RedeployDrainIT {

    private static final String CONTEXT = "/ws-commands-plugins";
    private static final String APPLICATION = "ws-commands-plugins";
    /** Long enough for every container to have begun the stop, short of the WAR's 10 s shutdown-timeout after it. */
    private static final int COMMAND_MILLIS = 8_000;
    private static final Duration STOP = Duration.ofMinutes(2);
    private static final String SLEEPING = "ws_commands_commands_in_flight{command=\"sleep\"}";

    static List<DeployedWar> containers() {
        return DeployedWar.fromSystemProperty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void aCommandInFlightGetsItsReplyBeforeTheStopClosesItsSession(DeployedWar war) throws Exception {
        URI endpoint = URI.create("ws://127.0.0.1:" + war.port() + CONTEXT + "/server");
        Stop stop = Stop.of(war);
        try (RawWebSocket running = RawWebSocket.connect(endpoint);
             RawWebSocket idle = RawWebSocket.connect(endpoint)) {
            assertEquals(101, running.status());
            assertEquals(101, idle.status());
            running.sendText(MessageJson.write(new Message(1, "sleep", String.valueOf(COMMAND_MILLIS), false, null)));
            // Stopped before the command runs, the application would drain nothing, which proves nothing.
            URI metrics = URI.create("http://127.0.0.1:" + war.port() + CONTEXT + "/metrics");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> sleeping(metrics));
            Heartbeats heartbeats = new Heartbeats(idle);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(stop::begin);

            RawWebSocket.Frame first = nextFrame(running);
            long repliedAt = System.nanoTime();
            heartbeats.stopSending();
            assertEquals(RawWebSocket.OPCODE_TEXT, first.opcode(), war + ": the session was closed before the reply, "
                    + "with " + first.closeCode() + " " + reason(first));
            assertEquals(Message.success(1, "slept " + COMMAND_MILLIS + " ms"), MessageJson.read(first.text()));
            RawWebSocket.Frame last = nextFrame(running);
            assertEquals(RawWebSocket.OPCODE_CLOSE, last.opcode(), war + ": after the reply");
            assertEquals(1001, last.closeCode(), war + ": close code after the reply");
            assertEquals(1001, heartbeats.closeCode(), war + ": the idle session's close code");
            assertTrue(heartbeats.refusedBefore(repliedAt - TimeUnit.MILLISECONDS.toNanos(1_000)),
                    war + ": every heartbeat sent up to a second before the reply was answered, so the stop had not"
                            + " begun while the command ran and the test proves nothing: " + heartbeats);
            stopped.get(STOP.toSeconds(), TimeUnit.SECONDS);
            stop.checkStopped();
        } finally {
            stop.end();
        }
        await().atMost(STOP).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> heartbeat(endpoint));
    }

    /** Whether the application's metrics show one {@code sleep} running (none is exported before the first). */
    private static boolean sleeping(URI metrics) throws IOException, InterruptedException {
        try {
            return Metrics.scrape(metrics).value(SLEEPING) == 1;
        } catch (AssertionError noSampleYet) {
            return false;
        }
    }

    private static String reason(RawWebSocket.Frame close) {
        byte[] payload = close.payload();
        return payload.length <= 2 ? "" : "\"" + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) + "\"";
    }

    /** The next frame but a ping, which is answered. */
    private static RawWebSocket.Frame nextFrame(RawWebSocket client) throws IOException {
        while (true) {
            RawWebSocket.Frame frame = client.readFrame();
            if (frame.opcode() != RawWebSocket.OPCODE_PING) {
                return frame;
            }
            client.sendFrame(RawWebSocket.OPCODE_PONG, frame.payload());
        }
    }

    /** One {@code heartbeat} on a new connection; true when it is answered. */
    private static boolean heartbeat(URI endpoint) throws IOException {
        try (RawWebSocket client = RawWebSocket.connect(endpoint)) {
            return client.status() == 101 && client.exchange(1, "heartbeat", "").contains("\"Success\":true");
        }
    }

    /** The idle connection: a heartbeat every 200 ms, and which of them were answered. */
    private static final class Heartbeats {

        private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        private final Map<Long, Long> answered = new ConcurrentHashMap<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private volatile boolean sending = true;

        Heartbeats(RawWebSocket idle) {
            Thread sender = new Thread(() -> {
                try {
                    for (long id = 1; sending; id++) {
                        sentAt.put(id, System.nanoTime());
                        idle.sendText(MessageJson.write(Message.request(id, "heartbeat")));
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException ended) {
                    // the server closed the connection
                }
            }, "heartbeat-sender");
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        RawWebSocket.Frame frame = idle.readFrame();
                        if (frame.opcode() == RawWebSocket.OPCODE_CLOSE) {
                            closed.complete(frame.closeCode());
                            return;
                        }
                        if (frame.opcode() == RawWebSocket.OPCODE_TEXT) {
                            answered.put(MessageJson.read(frame.text()).requestId(), System.nanoTime());
                        }
                    }
                } catch (IOException e) {
                    closed.complete(-1);
                }
            }, "heartbeat-reader");
            sender.setDaemon(true);
            reader.setDaemon(true);
            sender.start();
            reader.start();
        }

        void stopSending() {
            sending = false;
        }

        int closeCode() throws Exception {
            return closed.get(STOP.toSeconds(), TimeUnit.SECONDS);
        }

        /** Whether a heartbeat sent before {@code nanos} was never answered. */
        boolean refusedBefore(long nanos) {
            return sentAt.entrySet().stream().anyMatch(sent -> sent.getValue() < nanos
                    && !answered.containsKey(sent.getKey()));
        }

        @Override
        public String toString() {
            return sentAt.size() + " sent, " + answered.size() + " answered";
        }
    }

    /** How one container's operator stops the application ({@link #begin}) and has it serve again ({@link #end}). */
    private interface Stop {

        void begin();

        void end();

        /** What the container says of the stop, checked once it is over. */
        default void checkStopped() {
        }

        static Stop of(DeployedWar war) {
            String name = war.container();
            if (name.startsWith("Apache Tomcat")) {
                String id = name.startsWith("Apache Tomcat 10") ? "tomcat10x" : "tomcat11x";
                return new TomcatManagerReload(war.port(), Path.of(property("cargo-logs"), id + ".log"));
            }
            if (name.startsWith("Eclipse Jetty")) {
                return new JettyRedeploy(Path.of(property("jetty-webapps"), APPLICATION + ".xml"));
            }
            if (name.startsWith("Eclipse GlassFish")) {
                return new AsadminDisable(Path.of(property("glassfish-home")),
                        Integer.parseInt(property("glassfish-admin-port")));
            }
            if (name.startsWith("Payara Server")) {
                return new AsadminDisable(Path.of(property("payara-home")),
                        Integer.parseInt(property("payara-admin-port")));
            }
            throw new IllegalArgumentException("no way to stop the application known for " + name);
        }

        private static String property(String key) {
            String value = System.getProperty("ws-commands.it." + key, "");
            assertTrue(!value.isBlank(), "-Dws-commands.it." + key + " is set by the war-containers profile");
            return value;
        }
    }

    /**
     * {@code /manager/text/reload}: Tomcat stops the application and starts it again; the call returns then. Tomcat
     * names in its log each thread an application left running when it stopped: none may be one of ours.
     */
    private record TomcatManagerReload(int port, Path log) implements Stop {

        @Override
        public void begin() {
            String login = "deployer:" + System.getProperty("ws-commands.it.manager-password");
            HttpRequest reload = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/manager/text/reload?path=" + CONTEXT))
                    .header("Authorization", "Basic "
                            + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)))
                    .timeout(STOP).build();
            try {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(reload, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), "Tomcat's manager: " + answer.body());
                assertTrue(answer.body().startsWith("OK"), "Tomcat's manager: " + answer.body());
            } catch (IOException e) {
                throw new AssertionError("Tomcat's manager did not answer", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void end() {
            // the reload starts the application again itself
        }

        @Override
        public void checkStopped() {
            try {
                String logged = Files.readString(log);
                assertTrue(logged.contains("Reloading Context with name [" + CONTEXT + "]"), "no reload in " + log);
                assertTrue(!logged.contains("appears to have started a thread named [ws-commands-"),
                        "a thread of the application outlived its stop:\n" + LocalServer.summary(log));
            } catch (IOException e) {
                throw new AssertionError("cannot read " + log, e);
            }
        }
    }

    /** A changed context file: Jetty's deployment scanner (every second here) starts the new one, stops the old. */
    private record JettyRedeploy(Path contextFile) implements Stop {

        @Override
        public void begin() {
            try {
                Files.setLastModifiedTime(contextFile, FileTime.from(Instant.now()));
            } catch (IOException e) {
                throw new AssertionError("cannot touch " + contextFile, e);
            }
        }

        @Override
        public void end() {
            // the scanner deploys the application again itself
        }
    }

    /** {@code asadmin disable}, which returns once the application has stopped, then {@code asadmin enable}. */
    private record AsadminDisable(Path home, int adminPort) implements Stop {

        @Override
        public void begin() {
            asadmin("disable");
        }

        @Override
        public void end() {
            asadmin("enable");
        }

        private void asadmin(String subcommand) {
            try {
                Path passwords = Files.createTempFile("asadmin", ".txt");
                Files.writeString(passwords, "AS_ADMIN_PASSWORD=" + System.getProperty("ws-commands.it.asadmin-password")
                        + "\n");
                Path asadmin = home.resolve("bin/asadmin");
                // Cargo's unpacking drops the script's execute bit.
                assertTrue(asadmin.toFile().setExecutable(true), "chmod +x " + asadmin);
                List<String> command = new ArrayList<>(List.of(asadmin.toString(), "--host", "127.0.0.1",
                        "--port", String.valueOf(adminPort), "--user", System.getProperty("ws-commands.it.asadmin-user"),
                        "--passwordfile", passwords.toString(), subcommand, APPLICATION));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS), "asadmin " + subcommand + " hangs");
                assertEquals(0, process.exitValue(), "asadmin " + subcommand + ": " + output);
                Files.delete(passwords);
            } catch (IOException e) {
                throw new AssertionError("asadmin " + subcommand + " could not run", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
