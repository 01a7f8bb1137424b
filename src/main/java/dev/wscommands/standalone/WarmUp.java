package dev.wscommands.standalone;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.builtin.EjectHotDogCommand;
import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.server.ServerRuntime;
import dev.wscommands.settings.ServerSettings;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a starting server answer its first request as fast as its thousandth. A fresh JVM loads and interprets
 * the whole request path (HTTP upgrade, frame codec, session, dispatch, JSON, reply writer) on the first
 * request, which then takes 100 ms or more; so before the real server opens its port, a throwaway server on a
 * private loopback port answers a few hundred requests over real WebSocket connections, and is closed again.
 *
 * <p>The throwaway server has a runtime of its own: the real server's sessions, metrics and {@code /health}
 * never see it, and its INFO log lines are held back (one line reports the warm-up). It runs only the
 * built-in commands, never a plug-in's (which may act on the world), plus a blocking no-op of its own so that
 * the worker hand-off is warm too. A warm-up that fails is logged and the server starts anyway.
 */
final class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class.getName());
    /** The logger every log line of the service goes through; quiet during the warm-up. */
    private static final String SERVICE_LOGGER = "dev.wscommands";
    /** Requests per warm-up; {@code -Dws-commands.warm-up-requests=0} turns the warm-up off. */
    static final int REQUESTS = Integer.getInteger("ws-commands.warm-up-requests", 500);
    /** More than one, so that every selector thread of the throwaway server has served a connection. */
    private static final int CONNECTIONS = 4;
    /** Requests sent before their replies are read: pipelined like a busy client, the warm-up takes little time. */
    private static final int BATCH = 50;
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final String BLOCKING_COMMAND = "ws-commands warm-up";

    private WarmUp() {
    }

    /**
     * Runs the warm-up for a server with {@code settings}, then primes {@code runtime} (the real server's) so
     * that its first request does not wait for its metrics registry.
     */
    static void run(StandaloneSettings settings, ServerRuntime runtime) {
        if (REQUESTS <= 0) {
            return;
        }
        long start = System.nanoTime();
        Logger service = Logger.getLogger(SERVICE_LOGGER);
        Level level = service.getLevel();
        service.setLevel(Level.WARNING);
        long[] steps = {-1, -1, -1};
        try {
            steps = exercise(new StandaloneSettings(StandaloneSettings.DEFAULT_HOST, 0, ServerSettings.defaults(),
                    settings.contextPath()).withHttpLimits(settings.http()));
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "warm-up failed, starting without it: " + e);
        } finally {
            service.setLevel(level);
        }
        long metricsAt = System.nanoTime();
        try {
            // The registry is built on first use, and the first requests wait for it: build it now.
            runtime.metrics().scrape();
        } catch (RuntimeException e) {
            LOG.fine(() -> "metrics registry not built ahead: " + e);
        }
        long[] took = {steps[0], steps[1], steps[2], sinceMillis(metricsAt), sinceMillis(start)};
        LOG.info(() -> String.format("warmed up in %d ms: %d requests on a private loopback port (its start %d ms, "
                + "requests %d ms, stop %d ms; metrics registry %d ms)", took[4], REQUESTS, took[0], took[1], took[2],
                took[3]));
    }

    /** Runs the throwaway server; returns how long its start, its requests and its stop took, in ms. */
    private static long[] exercise(StandaloneSettings settings) throws IOException {
        CommandCatalog commands = CommandCatalog.builder()
                .addAll(CommandCatalog.builtIn().commands().stream().toList())
                .add(new BlockingNoOp(), "the warm-up")
                .build();
        long[] millis = new long[3];
        long at = System.nanoTime();
        StandaloneServer server = new StandaloneServer(settings, commands);
        try {
            server.start();
            millis[0] = sinceMillis(at);
            at = System.nanoTime();
            URI endpoint = server.endpoint();
            int perConnection = Math.max(BATCH, REQUESTS / CONNECTIONS);
            for (int c = 0; c < CONNECTIONS; c++) {
                try (Connection connection = Connection.open(endpoint)) {
                    for (int sent = 0; sent < perConnection; sent += BATCH) {
                        connection.exchange(BATCH, c == 0 && sent == 0);
                    }
                }
            }
            get(server.health());
            millis[1] = sinceMillis(at);
        } finally {
            at = System.nanoTime();
            server.close();
            millis[2] = sinceMillis(at);
        }
        return millis;
    }

    private static long sinceMillis(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    /** One plain HTTP GET, for the path a readiness probe takes. */
    private static void get(URI uri) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), TIMEOUT_MILLIS);
            socket.getOutputStream().write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                    + uri.getPort() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        }
    }

    /** A command that blocks for no time, so the worker pool's path is exercised too. */
    private static final class BlockingNoOp implements CommandHandler {

        @Override
        public String name() {
            return BLOCKING_COMMAND;
        }

        @Override
        public String execute(CommandRequest request) {
            return "";
        }
    }

    /**
     * A minimal WebSocket client over a bare socket: the warm-up must not load (and pay for) a client library
     * that the server does not use.
     */
    private static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private long nextId = 1;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = socket.getOutputStream();
        }

        static Connection open(URI endpoint) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setSoTimeout(TIMEOUT_MILLIS);
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), TIMEOUT_MILLIS);
                Connection connection = new Connection(socket);
                connection.handshake(endpoint);
                return connection;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }

        private void handshake(URI endpoint) throws IOException {
            out.write(("GET " + endpoint.getRawPath() + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":"
                    + endpoint.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: d2FybS11cC1vbmx5LWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = head(in);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IOException("handshake answered " + status.lines().findFirst().orElse(""));
            }
        }

        private static String head(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("closed during the handshake");
                }
                head.append((char) b);
            }
            return head.toString();
        }

        /**
         * Sends {@code count} requests at once (the seed command; one heartbeat, and with {@code blocking} one
         * blocking no-op) and reads as many replies.
         */
        void exchange(int count, boolean blocking) throws IOException {
            for (int i = 0; i < count; i++) {
                String command = i == 0 ? "heartbeat" : i == 1 && blocking ? BLOCKING_COMMAND : EjectHotDogCommand.NAME;
                send("{\"RequestID\":" + nextId++ + ",\"Command\":\"" + command + "\",\"SomeOtherThing\":\"\","
                        + "\"Success\":false}");
            }
            out.flush();
            for (int i = 0; i < count; i++) {
                receive();
            }
        }

        private void send(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            // Our requests are all shorter than 126 bytes: a 2-byte header, then the mask (all zero: a mask
            // is required, its value only matters against proxies, and there is none here).
            byte[] frame = new byte[6 + payload.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | payload.length);
            System.arraycopy(payload, 0, frame, 6, payload.length);
            out.write(frame);
        }

        private void receive() throws IOException {
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0F;
                int length = in.readUnsignedByte() & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    throw new IOException("unexpected long frame");
                }
                in.skipNBytes(length);
                if (opcode == 0x8) {
                    throw new EOFException("the server closed the connection");
                }
                if (opcode == 0x1) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
            out.flush();
            socket.close();
        }
    }
}
