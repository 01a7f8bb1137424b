package dev.wscommands.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.client.Backoff;
import dev.wscommands.client.ClientSettings;
import dev.wscommands.client.ClientStats;
import dev.wscommands.client.CommandClient;
import dev.wscommands.client.PendingLimitException;
import dev.wscommands.docs.Readme;
import dev.wscommands.docs.Steps;
import dev.wscommands.protocol.Message;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RedisServer;
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
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Debian's nginx, configured with {@code docs/deploy/nginx.conf}, in front of two instances of the packaged jar
 * started with the flags of the README's scale-out step ("scale-out-instances"), on free ports instead of theirs:
 * a client keeps sending through nginx while the instance it is connected to goes away, and every request is
 * answered. The project's {@link CommandClient} reconnects through nginx to the survivor and resends every
 * unanswered request with its {@code RequestID}, under its client ID; the instances share a real Redis (started
 * by the test on a free loopback port, in place of the README's), so no command runs twice: the requests are the
 * example plug-in's {@code counter}, whose counts show every run.
 */
class NginxFailoverIT {

    private static final Pattern READY = Pattern.compile("ws-commands serving (http://\\S+) ");
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final int WINDOW = 20;
    private static final int ANSWERED_BEFORE_STOP = 500;
    private static final int ANSWERED_AFTER_RECONNECT = 500;

    private final List<Process> processes = new ArrayList<>();
    private Path dir;
    private RedisServer redis;

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
        if (redis != null) {
            redis.close();
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
        List<DocumentedInstance> documented = DocumentedInstance.fromReadme();
        assertEquals(2, documented.size(), "the README starts two instances");
        redis = RedisServer.start();
        Instance a = startInstance("a", documented.get(0));
        Instance b = startInstance("b", documented.get(1));
        int proxyPort = freePort();
        startNginx(proxyPort, documented.get(0).port(), a.port(), documented.get(1).port(), b.port());

        URI endpoint = URI.create("ws://127.0.0.1:" + proxyPort + "/server");
        ClientSettings settings = ClientSettings.defaults(endpoint)
                .withClientId(UUID.randomUUID().toString())
                .withConnectTimeout(Duration.ofSeconds(5))
                .withReconnect(Backoff.of(Duration.ofMillis(50), Duration.ofSeconds(1)), Duration.ofSeconds(10));
        try (CommandClient client = CommandClient.connect(settings);
             Sender sender = new Sender(client)) {
            await().atMost(STEP).until(() -> client.stats().answered() >= ANSWERED_BEFORE_STOP);
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

            await().atMost(STEP).until(() -> client.stats().reconnects() >= 1);
            long answeredAtReconnect = client.stats().answered();
            await().atMost(STEP).until(() -> client.stats().answered() >= answeredAtReconnect + ANSWERED_AFTER_RECONNECT);
            List<CompletableFuture<Message>> requests = sender.stop();
            boolean finished = waitForAll(requests);
            ClientStats stats = client.stats();
            System.out.printf("nginx failover (%s): requests %d, sent %d, answered %d, resent %d, reconnects %d, "
                            + "unmatched %d%n", kill ? "kill -9" : "SIGTERM", requests.size(), stats.sent(),
                    stats.answered(), stats.resent(), stats.reconnects(), stats.unmatched());
            assertTrue(finished, "requests left unanswered: " + client.pending());
            for (CompletableFuture<Message> request : requests) {
                assertTrue(request.join().success(), () -> "error reply " + request.join());
            }
            assertEquals(requests.size(), stats.sent(), "every request sent");
            assertEquals(stats.sent(), stats.answered(), "every request answered");
            assertEquals(0, stats.failed(), "failed requests");
            assertTrue(stats.reconnects() >= 1, "reconnects");
            Metrics metrics = Metrics.scrape(survivor.uri().resolve("metrics"));
            assertTrue(metrics.value("ws_commands_replies_total{command=\"counter\",outcome=\"success\"}")
                    >= ANSWERED_AFTER_RECONNECT, "the survivor answered after the failover");
            assertNoneRanTwice(requests, survivor, metrics, kill, stats.resent());
        }
    }

    /**
     * Each instance's counts are 1, 2, 3, ... one per run; a request that ran on both would leave one of its two
     * counts out of the replies. So the replies' counts must be exactly 1..r on the survivor (r its runs, asked
     * of it afterwards) and 1..(requests - r) on the instance that went away, each once. A command the killed
     * instance had counted but whose reply Redis did not yet have would run again once its claim expired
     * (the README's at-least-once case); its last count is lost with that instance, so the counts cannot show
     * it, and {@code ws_commands_claims_taken_over_total} tells instead. After SIGTERM (a drain) it must be 0.
     * After {@code kill -9} the commands the instance was running or had run without Redis having their reply yet
     * are taken over: at most the requests that were in flight at the kill, which the client resent.
     */
    private static void assertNoneRanTwice(List<CompletableFuture<Message>> requests, Instance survivor,
            Metrics metrics, boolean killed, long resent) throws Exception {
        long survivorRuns = countOneMoreRun(survivor) - 1;
        long goneRuns = requests.size() - survivorRuns;
        java.util.Map<Long, Integer> seen = new java.util.HashMap<>();
        for (CompletableFuture<Message> request : requests) {
            String text = request.join().someOtherThing();
            assertTrue(text.startsWith("count "), text);
            seen.merge(Long.parseLong(text.substring("count ".length())), 1, Integer::sum);
        }
        java.util.Map<Long, Integer> expected = new java.util.HashMap<>();
        for (long n = 1; n <= Math.max(survivorRuns, goneRuns); n++) {
            expected.put(n, (n <= survivorRuns ? 1 : 0) + (n <= goneRuns ? 1 : 0));
        }
        assertEquals(expected, seen, "counts of " + requests.size() + " requests with " + survivorRuns
                + " runs on the survivor: a command ran twice, or a request was not run");
        double takenOver = metrics.value("ws_commands_claims_taken_over_total");
        if (killed) {
            assertTrue(takenOver <= resent, takenOver + " claims taken over, more than the " + resent
                    + " requests in flight at the kill");
        } else {
            assertEquals(0.0, takenOver, "claims taken over on the survivor after a drain");
        }
        System.out.printf("nginx failover: %.0f claims of the instance that went away taken over%n", takenOver);
        System.out.printf("nginx failover: %d requests, %d runs on the instance that went away, %d on the survivor, "
                + "%.0f answered from Redis%n", requests.size(), goneRuns, survivorRuns,
                metrics.value("ws_commands_replays_total{how=\"stored\"}")
                        + metrics.value("ws_commands_replays_total{how=\"joined\"}"));
    }

    /** The survivor's count after one more run, asked directly, without a client ID. */
    private static long countOneMoreRun(Instance instance) throws Exception {
        URI endpoint = URI.create("ws://127.0.0.1:" + instance.port() + "/server");
        try (CommandClient direct = CommandClient.connect(ClientSettings.defaults(endpoint)
                .withClientId(ClientSettings.NONE))) {
            String text = direct.send("counter").get(STEP.toSeconds(), TimeUnit.SECONDS).someOtherThing();
            return Long.parseLong(text.substring("count ".length()));
        }
    }

    /** Whether every request completed (with a reply or a failure) within {@link #STEP}. */
    private static boolean waitForAll(List<CompletableFuture<Message>> requests) {
        try {
            CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(STEP.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | InterruptedException e) {
            // A failed request: the assertions on each request name it.
            return true;
        }
    }

    /** Keeps {@link #WINDOW} requests unanswered at all times, on a thread of its own, until stopped. */
    private static final class Sender implements AutoCloseable {

        private final CommandClient client;
        private final Semaphore window = new Semaphore(WINDOW);
        private final Queue<CompletableFuture<Message>> requests = new ConcurrentLinkedQueue<>();
        private final Thread thread;
        private volatile boolean sending = true;

        Sender(CommandClient client) {
            this.client = client;
            this.thread = new Thread(this::run, "nginx-failover-sender");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (sending) {
                    if (window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        requests.add(send().whenComplete((reply, failure) -> window.release()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** A request; one the client refused fails, and the assertions on each request name it. */
        private CompletableFuture<Message> send() {
            try {
                return client.send("counter");
            } catch (PendingLimitException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        /** Stops sending; every request made, in order. */
        List<CompletableFuture<Message>> stop() throws InterruptedException {
            sending = false;
            thread.join(STEP.toMillis());
            assertFalse(thread.isAlive(), "the sender did not stop");
            return List.copyOf(requests);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
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

    /** One {@code java -jar target/ws-commands.jar … &} line of the README: its port and its other flags. */
    private record DocumentedInstance(int port, List<String> flags) {

        private static final String JAR = "java -jar target/ws-commands.jar ";

        static List<DocumentedInstance> fromReadme() {
            List<DocumentedInstance> instances = new ArrayList<>();
            for (String command : Steps.commands(Readme.load().block("scale-out-instances"))) {
                assertTrue(command.startsWith(JAR) && command.endsWith(" &"), "an instance in the background: " + command);
                List<String> flags = new ArrayList<>(List.of(command.substring(JAR.length(), command.length() - 2)
                        .trim().split(" ")));
                int port = flags.indexOf("--port");
                assertTrue(port >= 0, "the instance's port is given: " + command);
                flags.remove(port);
                instances.add(new DocumentedInstance(Integer.parseInt(flags.remove(port)), List.copyOf(flags)));
            }
            return instances;
        }
    }

    private Instance startInstance(String name, DocumentedInstance documented) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", Path.of("target", "ws-commands.jar").toString()));
        List<String> flags = new ArrayList<>(documented.flags());
        int store = flags.indexOf("--dedupe-store");
        assertTrue(store >= 0, "the README's instances share a reply store: " + flags);
        // The test's own Redis for the documented one, as a free port for the documented port.
        flags.set(store + 1, redis.uri().toString());
        command.addAll(flags);
        // A short drain keeps the test quick; the example plug-in brings the counter.
        command.addAll(List.of("--port", "0", "--shutdown-timeout", "5s",
                "--commands", Path.of("target", "example-commands.jar").toString()));
        Process process = new ProcessBuilder(command)
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
    private void startNginx(int port, int documentedA, int upstreamA, int documentedB, int upstreamB) throws Exception {
        String site = Files.readString(Path.of("docs", "deploy", "nginx.conf"));
        // The upstreams of nginx.conf are the README's instances: their documented ports, moved to the free ones.
        site = replaceOnce(site, "server 127.0.0.1:" + documentedA + " ", "server 127.0.0.1:" + upstreamA + " ");
        site = replaceOnce(site, "server 127.0.0.1:" + documentedB + " ", "server 127.0.0.1:" + upstreamB + " ");
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
