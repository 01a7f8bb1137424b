package dev.wscommands.testing;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak of docs/BENCHMARKS.md: mixed hostile clients beside one bystander, against a server already running
 * with the example plug-in (its PID and endpoint given), for a given time; then it waits for the server to
 * settle and prints the bystander's round trips and the server's RSS, threads and descriptors at start and end.
 * {@code java -cp ... dev.wscommands.testing.Soak PID ws://127.0.0.1:PORT/server SECONDS}. Loopback only.
 */
public final class Soak {

    private static final String ARGUMENT = "x".repeat(60_000);

    public static void main(String[] args) throws Exception {
        long pid = Long.parseLong(args[0]);
        URI endpoint = URI.create(args[1]);
        Duration length = Duration.ofSeconds(Long.parseLong(args[2]));
        System.out.println("start: " + process(pid));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong slow = new AtomicLong();
        AtomicLong floods = new AtomicLong();
        AtomicLong aborts = new AtomicLong();
        AtomicLong lorises = new AtomicLong();
        List<Thread> hostiles = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            hostiles.add(loop(running, slow, () -> slowConsumer(endpoint)));
            hostiles.add(loop(running, floods, () -> pipelinedFlood(endpoint)));
            hostiles.add(loop(running, aborts, () -> abruptClose(endpoint)));
            hostiles.add(loop(running, lorises, () -> slowloris(endpoint)));
        }
        List<Long> rtts = new ArrayList<>();
        long failures = 0;
        long end = System.nanoTime() + length.toNanos();
        try (RawWebSocket bystander = RawWebSocket.connect(endpoint)) {
            long id = 0;
            while (System.nanoTime() < end) {
                long sent = System.nanoTime();
                bystander.sendText(MessageJson.write(Message.request(++id, "heartbeat")));
                String reply = bystander.readText();
                if (MessageJson.read(reply).requestId() != id) {
                    failures++;
                }
                rtts.add(System.nanoTime() - sent);
                Thread.sleep(20);
            }
        }
        running.set(false);
        for (Thread hostile : hostiles) {
            hostile.join(60_000);
        }
        // Let the server cut what is left (send timeout, head timeout) and its idle command workers end (after a
        // minute).
        Thread.sleep(75_000);
        long[] sorted = rtts.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("bystander: %d round trips, %d wrong, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                sorted.length, failures, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6);
        System.out.printf("hostile rounds: %d slow consumers, %d pipelined floods, %d abrupt closes, %d slowloris%n",
                slow.get(), floods.get(), aborts.get(), lorises.get());
        System.out.println("end:   " + process(pid));
        int port = endpoint.getPort();
        Process ss = new ProcessBuilder("ss", "-tnH", "state", "established", "( sport = :" + port + " )").start();
        System.out.println("server sockets ESTABLISHED at the end: "
                + new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().count());
    }

    private interface Round {
        void run() throws Exception;
    }

    private static Thread loop(AtomicBoolean running, AtomicLong count, Round round) {
        Thread thread = new Thread(() -> {
            while (running.get()) {
                try {
                    round.run();
                } catch (Exception expected) {
                    // cut, reset or refused by the server: what hostile clients get
                }
                count.incrementAndGet();
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Pipelines 200 echoes of 60 KB and never reads, until the server cuts the connection. */
    private static void slowConsumer(URI endpoint) throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(endpoint)) {
            client.write(RawWebSocket.pipelined(1, 200, id -> EchoCommand.request(id, ARGUMENT)));
            Thread.sleep(15_000);
        }
    }

    /** 2,000 heartbeats in one write, all read back. */
    private static void pipelinedFlood(URI endpoint) throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(endpoint)) {
            client.write(RawWebSocket.pipelined(1, 2000, id -> MessageJson.write(Message.request(id, "heartbeat"))));
            for (int i = 0; i < 2000; i++) {
                client.readText();
            }
        }
    }

    /** Ten slow commands, then a reset without a close frame. */
    private static void abruptClose(URI endpoint) throws Exception {
        RawWebSocket client = RawWebSocket.connect(endpoint);
        client.write(RawWebSocket.pipelined(1, 10, id -> MessageJson.write(new Message(id, "sleep", "1000", false, null))));
        Thread.sleep(200);
        client.abort();
    }

    /** A request head one byte every two seconds, until the server closes the connection. */
    private static void slowloris(URI endpoint) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5_000);
            OutputStream out = socket.getOutputStream();
            byte[] head = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n".getBytes(StandardCharsets.US_ASCII);
            for (byte b : head) {
                out.write(b);
                out.flush();
                Thread.sleep(2_000);
            }
        }
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** RSS, threads and open descriptors of process {@code pid}, from /proc. */
    private static String process(long pid) throws IOException {
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        String rss = status.lines().filter(l -> l.startsWith("VmRSS:")).findFirst().orElse("VmRSS: ?").trim();
        String threads = status.lines().filter(l -> l.startsWith("Threads:")).findFirst().orElse("Threads: ?").trim();
        String[] fds = Path.of("/proc/" + pid + "/fd").toFile().list();
        return rss.replaceAll("\\s+", " ") + ", " + threads.replaceAll("\\s+", " ") + ", fds: "
                + (fds == null ? "?" : String.valueOf(fds.length));
    }
}
