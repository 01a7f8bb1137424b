package dev.wscommands.bench;

import java.io.BufferedInputStream;
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
 * A WebSocket client connection over a bare socket, with no WebSocket library: costs one socket and no thread,
 * loads almost no classes (it starts fast in a fresh JVM), and can be bound to a chosen source address. Frames
 * it sends are masked, as a client's must be; it reads text frames and skips pings.
 */
final class BareConnection implements AutoCloseable {

    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_CLOSE = 0x8;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private BareConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code url} (from {@code source}, when not {@code null}) and completes the handshake.
     *
     * @throws IOException when the connection fails, or the server answers the handshake with anything but 101
     */
    static BareConnection open(URI url, InetAddress source, int timeoutMillis) throws IOException {
        return open(url, source, timeoutMillis, "");
    }

    /** The same, with {@code headers} (whole header lines, each ending in CRLF) in the handshake. */
    static BareConnection open(URI url, InetAddress source, int timeoutMillis, String headers) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(new InetSocketAddress(url.getHost(), port(url)), timeoutMillis);
            BareConnection connection = new BareConnection(socket);
            connection.handshake(url, headers);
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : 80;
    }

    private void handshake(URI url, String headers) throws IOException {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + ":" + port(url) + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + headers + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readHead(in);
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + status.lines().findFirst().orElse(""));
        }
    }

    /** Reads the handshake response up to its blank line (the buffered stream keeps what follows). */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** Sends {@code text} as one text frame. */
    void send(String text) throws IOException {
        write(OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The next text message; pings and pongs on the way are skipped.
     *
     * @throws EOFException when the server closed the connection instead
     */
    String receive() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new IOException("frame too long: " + length + " bytes");
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            int opcode = first & 0x0F;
            if (opcode == OPCODE_CLOSE) {
                throw new EOFException("the server closed the connection");
            }
            if (opcode == OPCODE_TEXT) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    private void write(int opcode, byte[] payload) throws IOException {
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        } else {
            throw new IOException("message too long for this tool: " + payload.length + " bytes");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(frame);
        out.flush();
    }

    /** Closes with 1000 (normal closure), so the server sees an orderly end rather than a lost connection. */
    @Override
    public void close() {
        try {
            write(OPCODE_CLOSE, new byte[] {0x03, (byte) 0xE8});
        } catch (IOException e) {
            // Closing anyway.
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more to learn from this connection.
        }
    }
}
