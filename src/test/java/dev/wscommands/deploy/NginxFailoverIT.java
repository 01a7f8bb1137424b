package dev.wscommands.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.ResendingClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Debian's nginx, configured with {@code docs/deploy/nginx.conf}, in front of two instances of the packaged jar:
 * a client keeps sending through nginx while the instance it is connected to goes away, and every request is
 * answered. The client resends unanswered requests after a reconnect (at-least-once), as the project's
 * client does.
 */
class NginxFailoverIT {

    private static final Pattern READY = Pattern.compile("ws-commands serving (http://\\S+) ");
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final int WINDOW = 20;
    private static final int ANSWERED_BEFORE_STOP = 500;
    private static final int ANSWERED_AFTER_RECONNECT = 500;

    private final List<Process> processes = new ArrayList<>();
    private Path dir;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void noRequestIsLostWhenAnInstanceShutsDownGracefully(TestInfo test) throws Exception {
        failOver(test, false);
    }

    @Test
    void noRequestIsLostWhenAnInstanceIsKilled(TestInfo test) throws Exception {
        failOver(test, true);
    }

    private void failOver(TestInfo test, boolean kill) throws Exception {
        dir = Path.of("target", "nginx-failover", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        Files.createDirectories(dir);
        Instance a = startInstance("a");
        Instance b = startInstance("b");
        int proxyPort = freePort();
        startNginx(proxyPort, a.port(), b.port());

        URI endpoint = URI.create("ws://127.0.0.1:" + proxyPort + "/server");
        try (ResendingClient client = ResendingClient.start(endpoint, "Eject the hot dog.", WINDOW)) {
            await().atMost(STEP).until(() -> client.counts().answered() >= ANSWERED_BEFORE_STOP);
            Instance serving = await().atMost(STEP).until(() -> servingInstance(a, b), i -> i != null);
            Instance survivor = serving == a ? b : a;

            if (kill) {
                serving.process().destroyForcibly();
            } else {
                serving.process().destroy();
            }
            assertTrue(serving.process().waitFor(STEP.toSeconds(), TimeUnit.SECONDS), "instance did not stop");
            if (!kill) {
                // The JVM reports death by SIGTERM as 143 even when shutdown hooks ran to completion.
                assertTrue(serving.process().exitValue() == 0 || serving.process().exitValue() == 143,
                        "exit " + serving.process().exitValue());
            }

            await().atMost(STEP).until(() -> client.counts().connections() >= 2
                    && client.counts().answeredOnThisConnection() >= ANSWERED_AFTER_RECONNECT);
            boolean finished = client.finish(STEP);
            ResendingClient.Counts counts = client.counts();
            System.out.printf("nginx failover (%s): sent %d, answered %d, resent %d, duplicate replies %d, "
                            + "connections %d%n", kill ? "kill -9" : "SIGTERM", counts.sent(), counts.answered(),
                    counts.resent(), counts.duplicates(), counts.connections());
            assertTrue(finished, "requests left unanswered: " + (counts.sent() - counts.answered()));
            assertEquals(counts.sent(), counts.answered(), "every request answered");
            assertEquals(0, counts.failures(), "error replies");
            Metrics metrics = Metrics.scrape(survivor.uri().resolve("metrics"));
            assertTrue(metrics.value("ws_commands_replies_total{command=\"Eject the hot dog.\",outcome=\"success\"}")
                    >= ANSWERED_AFTER_RECONNECT, "the survivor answered after the failover");
        }
    }

    /** The instance whose /health shows the client's session, or null while neither does. */
    private static Instance servingInstance(Instance a, Instance b) throws IOException, InterruptedException {
        for (Instance instance : List.of(a, b)) {
            if (Metrics.scrape(instance.uri().resolve("metrics")).value("ws_commands_sessions_open") == 1) {
                return instance;
            }
        }
        return null;
    }

    private record Instance(Process process, URI uri) {
        int port() {
            return uri.getPort();
        }
    }

    private Instance startInstance(String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", Path.of("target", "ws-commands.jar").toString(),
                "--port", "0", "--shutdown-timeout", "5s")
                .redirectError(dir.resolve("instance-" + name + ".log").toFile())
                .start();
        processes.add(process);
        URI uri = CompletableFuture.supplyAsync(() -> readUri(process)).get(STEP.toSeconds(), TimeUnit.SECONDS);
        return new Instance(process, uri);
    }

    private static URI readUri(Process process) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    return URI.create(ready.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("instance exited before it was ready");
    }

    /** Runs nginx in the foreground with its own prefix in target/, the shipped site configuration inside. */
    private void startNginx(int port, int upstreamA, int upstreamB) throws Exception {
        String site = Files.readString(Path.of("docs", "deploy", "nginx.conf"));
        site = replaceOnce(site, "server 127.0.0.1:8081 ", "server 127.0.0.1:" + upstreamA + " ");
        site = replaceOnce(site, "server 127.0.0.1:8082 ", "server 127.0.0.1:" + upstreamB + " ");
        site = replaceOnce(site, "listen 8080;", "listen 127.0.0.1:" + port + ";");
        Files.writeString(dir.resolve("ws-commands.conf"), site);
        Files.createDirectories(dir.resolve("temp"));
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "daemon off;",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " info;",
                "events { worker_connections 256; }",
                "http {",
                "  access_log " + dir.resolve("access.log") + ";",
                "  client_body_temp_path " + dir.resolve("temp/body") + ";",
                "  proxy_temp_path " + dir.resolve("temp/proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("temp/fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("temp/uwsgi") + ";",
                "  scgi_temp_path " + dir.resolve("temp/scgi") + ";",
                "  include " + dir.resolve("ws-commands.conf") + ";",
                "}", ""));
        Process nginx = new ProcessBuilder(nginx(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        processes.add(0, nginx);
        await().atMost(STEP).until(() -> accepts(port) || !nginx.isAlive());
        assertTrue(nginx.isAlive(), "nginx exited: " + Files.readString(dir.resolve("nginx.out")));
    }

    private static String nginx() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("this test needs Debian's nginx: apt-get install nginx (.ci/run does)");
    }

    private static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        assertTrue(at >= 0 && text.indexOf(target, at + 1) < 0, "docs/deploy/nginx.conf should hold \"" + target + "\" once");
        return text.replace(target, replacement);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
