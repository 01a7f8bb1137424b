package dev.wscommands.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Opens many connections and holds them without traffic, then sends one request on each and counts the
 * connections that answer. Uses bare sockets rather than a WebSocket library: an idle connection then costs
 * the tool one socket and no thread, and each socket can be bound to its own loopback source address, so that
 * many connections stay within the server's per-address limit.
 */
public final class IdleLoad {

    /** Connections per source address, below the server's default per-address limit (256). */
    public static final int PER_ADDRESS = 250;
    private static final int OPENERS = 4;
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_CLOSE = 0x8;

    private final LoadPlan plan;
    private final PrintStream progress;

    /** @param progress where progress lines go (standard error), or {@code null} */
    public IdleLoad(LoadPlan plan, PrintStream progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** Source addresses for {@code connections} connections to {@code host}: 127.0.0.1, .2, ... for loopback. */
    static List<InetAddress> sourceAddresses(String host, int connections) throws IOException {
        InetAddress target = InetAddress.getByName(host);
        if (!target.isLoopbackAddress() || !(target.getAddress().length == 4)) {
            return List.of();
        }
        int count = Math.min(250, (connections + PER_ADDRESS - 1) / PER_ADDRESS);
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            addresses.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
        }
        return addresses;
    }

    public IdleReport run() throws IOException, InterruptedException {
        long cpuBefore = ProcessProbe.ownCpuNanos();
        long rssBefore = serverRss();
        List<InetAddress> sources = sourceAddresses(plan.url().getHost(), plan.connections());
        Socket[] sockets = new Socket[plan.connections()];

        long start = System.nanoTime();
        ExecutorService openers = Executors.newFixedThreadPool(OPENERS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < OPENERS; t++) {
                int first = t;
                work.add(openers.submit(() -> {
                    for (int i = first; i < sockets.length; i += OPENERS) {
                        InetAddress source = sources.isEmpty() ? null : sources.get(i / PER_ADDRESS % sources.size());
                        sockets[i] = open(source);
                    }
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("opening failed: " + e.getCause(), e.getCause());
        } finally {
            openers.shutdownNow();
        }
        long openMillis = (System.nanoTime() - start) / 1_000_000;
        int opened = 0;
        for (Socket socket : sockets) {
            opened += socket != null ? 1 : 0;
        }
        say("opened %d of %d connections in %d ms; holding them %d s", opened, sockets.length, openMillis,
                plan.duration().toSeconds());

        long heldUntil = System.nanoTime() + plan.duration().toNanos();
        while (System.nanoTime() < heldUntil) {
            TimeUnit.NANOSECONDS.sleep(Math.min(1_000_000_000L, Math.max(0, heldUntil - System.nanoTime())));
        }
        long rssHeld = serverRss();

        int alive = 0;
        try {
            for (int i = 0; i < sockets.length; i++) {
                if (sockets[i] != null && !send(sockets[i], i + 1)) {
                    close(sockets[i]);
                    sockets[i] = null;
                }
            }
            for (int i = 0; i < sockets.length; i++) {
                if (sockets[i] != null && answered(sockets[i], i + 1)) {
                    alive++;
                }
            }
        } finally {
            for (Socket socket : sockets) {
                goodbye(socket);
            }
        }
        long cpu = ProcessProbe.ownCpuNanos();
        return new IdleReport(plan, Math.max(1, sources.size()), opened, openMillis, alive, rssBefore, rssHeld,
                cpu < 0 || cpuBefore < 0 ? -1 : cpu - cpuBefore);
    }

    private long serverRss() {
        return plan.serverPid().isPresent() ? ProcessProbe.rssBytes(plan.serverPid().getAsLong()).orElse(-1) : -1;
    }

    private void say(String format, Object... args) {
        if (progress != null) {
            progress.println("[idle] " + String.format(Locale.ROOT, format, args));
        }
    }

    /** Opens one connection and completes the handshake; {@code null} when the server refused it. */
    private Socket open(InetAddress source) {
        Socket socket = new Socket();
        try {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(new InetSocketAddress(plan.url().getHost(), port()), TIMEOUT_MILLIS);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String path = plan.url().getRawPath() == null || plan.url().getRawPath().isEmpty() ? "/" : plan.url().getRawPath();
            String handshake = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: " + plan.url().getHost() + ":" + port() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(handshake.getBytes(StandardCharsets.US_ASCII));
            String status = readHeaders(socket.getInputStream());
            if (!status.startsWith("HTTP/1.1 101")) {
                close(socket);
                return null;
            }
            return socket;
        } catch (IOException e) {
            close(socket);
            return null;
        }
    }

    private int port() {
        return plan.url().getPort() > 0 ? plan.url().getPort() : 80;
    }

    /** Reads the handshake response up to its blank line, byte by byte (nothing after it is consumed). */
    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (headers.length() < 4 || !headers.substring(headers.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            headers.append((char) b);
        }
        return headers.toString();
    }

    /** Sends the seed request with {@code id} as one masked text frame. */
    private static boolean send(Socket socket, long id) {
        byte[] payload = ("{\"RequestID\":" + id + ",\"Command\":\"Eject the hot dog.\",\"SomeOtherThing\":\"\","
                + "\"Success\":false}").getBytes(StandardCharsets.UTF_8);
        return write(socket, OPCODE_TEXT, payload);
    }

    /** Closes with 1000 (normal closure), so the server sees an orderly end rather than a lost connection. */
    private static void goodbye(Socket socket) {
        if (socket != null) {
            write(socket, OPCODE_CLOSE, new byte[] {0x03, (byte) 0xE8});
            close(socket);
        }
    }

    /** Writes one masked frame, as a client must. */
    private static boolean write(Socket socket, int opcode, byte[] payload) {
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payload.length); // our frames are all shorter than 126 bytes
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write(frame);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the next text frame on {@code socket} is the reply to {@code id}; pings on the way are skipped. */
    private static boolean answered(Socket socket, long id) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                int opcode = first & 0x0F;
                if (opcode == OPCODE_CLOSE) {
                    return false;
                }
                if (opcode == OPCODE_TEXT) {
                    return LoadGenerator.requestId(new String(payload, StandardCharsets.UTF_8)) == id;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void close(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more to learn from this connection.
        }
    }
}
