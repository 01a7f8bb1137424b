package dev.wscommands.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written on a bare socket, for tests that need what a well-behaved client library will
 * not do: choose its source address, send any Origin, send invalid frames, never read, never answer pings, or
 * vanish without a close frame.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int OPCODE_TEXT = 0x1;
    public static final int OPCODE_BINARY = 0x2;
    public static final int OPCODE_CLOSE = 0x8;
    public static final int OPCODE_PING = 0x9;
    public static final int OPCODE_PONG = 0xA;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final int status;
    private final String head;
    private volatile boolean silent;

    private RawWebSocket(Socket socket, String head) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.head = head;
        this.status = Integer.parseInt(head.split("\r\n", 2)[0].split(" ")[1]);
    }

    /** Opens a connection and sends the handshake with these extra header lines ({@code "Name: value"}). */
    public static RawWebSocket connect(URI endpoint, java.util.List<String> headers) throws IOException {
        java.util.Map<String, String> byName = new java.util.LinkedHashMap<>();
        for (String line : headers) {
            int colon = line.indexOf(':');
            byName.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return connect(endpoint, null, null, byName);
    }

    /** The value of the handshake answer's header {@code name} (any case), or {@code null}. */
    public String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The body of a refused handshake's answer, as long as its {@code Content-Length}. */
    public String body() throws IOException {
        String length = header("Content-Length");
        return length == null ? "" : new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
    }

    /** Opens a connection from {@code localAddress} (null: any) and sends the handshake with {@code origin}. */
    public static RawWebSocket connect(URI endpoint, String localAddress, String origin) throws IOException {
        return connect(endpoint, localAddress, origin, java.util.Map.of());
    }

    /** Opens a connection and sends the handshake with {@code origin} and the extra {@code headers}. */
    public static RawWebSocket connect(URI endpoint, String localAddress, String origin,
            java.util.Map<String, String> headers) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout((int) RecordingClient.TIMEOUT.toMillis());
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        }
        socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5_000);
        String host = endpoint.getHost() + ":" + endpoint.getPort();
        StringBuilder request = new StringBuilder()
                .append("GET ").append(endpoint.getRawPath())
                .append(endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key()).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (origin != null) {
            request.append("Origin: ").append(origin).append("\r\n");
        }
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new RawWebSocket(socket, readHead(socket.getInputStream()));
    }

    /**
     * Sends a handshake with the extra {@code headers} that the server is expected to refuse, and returns its
     * whole answer, status line to body, read until the server closes the connection.
     */
    public static String refusedHandshake(URI endpoint, java.util.Map<String, String> headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout((int) RecordingClient.TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5_000);
            StringBuilder request = new StringBuilder()
                    .append("GET ").append(endpoint.getRawPath())
                    .append(endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(endpoint.getHost()).append(':').append(endpoint.getPort()).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: ").append(key()).append("\r\n")
                    .append("Sec-WebSocket-Version: 13\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Opens a connection named {@code clientId} in its {@code Client-Id} header ({@code null}: none) and checks
     * that it was upgraded.
     */
    public static RawWebSocket connectAs(URI endpoint, String clientId) throws IOException {
        RawWebSocket socket = clientId == null ? connect(endpoint)
                : connect(endpoint, null, null, java.util.Map.of("Client-Id", clientId));
        if (socket.status() != 101) {
            socket.close();
            throw new IOException("handshake answered " + socket.status());
        }
        return socket;
    }

    /** Opens a connection from any local address, without Origin. */
    public static RawWebSocket connect(URI endpoint) throws IOException {
        return connect(endpoint, null, null);
    }

    /** The client's own port: how the server's side of this connection is found ({@code ss}). */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** The HTTP status of the handshake: 101 when the connection was upgraded. */
    public int status() {
        return status;
    }

    public void sendText(String text) throws IOException {
        sendFrame(OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one final, masked frame. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        out.write(frame(opcode, payload));
        out.flush();
    }

    /** One final, masked client frame, as bytes. */
    public static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Text frames for requests {@code first} to {@code last}, back to back, to be written at once. */
    public static byte[] pipelined(int first, int last, java.util.function.IntFunction<String> request) {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int id = first; id <= last; id++) {
            frames.writeBytes(frame(OPCODE_TEXT, request.apply(id).getBytes(StandardCharsets.UTF_8)));
        }
        return frames.toByteArray();
    }

    /** Writes raw bytes, for pipelining many frames at once. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame from the server, waiting at most {@link RecordingClient#TIMEOUT}. */
    public Frame readFrame() throws IOException {
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
        return new Frame(first & 0x0F, payload);
    }

    /** The next text frame, answering pings on the way as a browser would. */
    public String readText() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode() == OPCODE_PING) {
                sendFrame(OPCODE_PONG, frame.payload());
            } else if (frame.opcode() == OPCODE_TEXT) {
                return frame.text();
            } else if (frame.opcode() == OPCODE_CLOSE) {
                throw new EOFException("closed by the server with " + frame.closeCode());
            }
        }
    }

    /** Reads until the server's close frame and returns its code, skipping (not answering) anything else. */
    public int awaitCloseCode() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode() == OPCODE_CLOSE) {
                return frame.closeCode();
            }
        }
    }

    /**
     * Answers every ping from a background thread, as a live client does, until {@link #goSilent()}; other
     * frames are dropped.
     */
    public void answerPingsInBackground() {
        Thread reader = new Thread(() -> {
            try {
                while (!silent) {
                    Frame frame = readFrame();
                    if (frame.opcode() == OPCODE_PING && !silent) {
                        sendFrame(OPCODE_PONG, frame.payload());
                    } else if (frame.opcode() == OPCODE_CLOSE) {
                        return;
                    }
                }
            } catch (IOException closed) {
                // the connection is gone: nothing more to answer
            }
        }, "raw-websocket-pong");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Stops answering pings and reading, keeping the TCP connection open: to the server this peer is now
     * exactly like one behind a dead network path.
     */
    public void goSilent() {
        silent = true;
    }

    /**
     * Reads and drops everything until the server closes the TCP connection.
     *
     * @throws java.net.SocketTimeoutException when the server keeps it open past {@link RecordingClient#TIMEOUT}
     */
    public void awaitEndOfStream() throws IOException {
        byte[] sink = new byte[64 * 1024];
        try {
            while (in.read(sink) >= 0) {
                // drop
            }
        } catch (java.net.SocketException reset) {
            // a reset is an end too
        }
    }

    /** Sends the request {@code id} for {@code command} with {@code argument} and returns the next text message. */
    public String exchange(long id, String command, String argument) throws IOException {
        sendText(dev.wscommands.protocol.MessageJson.write(
                new dev.wscommands.protocol.Message(id, command, argument, false, null)));
        return readText();
    }

    /** Vanishes: resets the TCP connection without a close frame. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One frame from the server. */
    public record Frame(int opcode, byte[] payload) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, 1005 when it carries none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    private static String key() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
