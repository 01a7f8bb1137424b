package dev.wscommands.client;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket server written on a bare socket, on an ephemeral loopback port, that misbehaves in one chosen way
 * on every connection: the server-side twin of {@code RawWebSocket}. Each connection runs {@link Behaviour} on a
 * thread of its own.
 */
final class BrokenServer implements AutoCloseable {

    /** What the server does with one accepted connection. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Peer peer) throws IOException;
    }

    private final ServerSocket socket;
    private final Behaviour behaviour;
    private final AtomicInteger accepted = new AtomicInteger();
    /** Payload bytes written by {@link Peer#streamText} and {@link Peer#sendFrame}, on every connection. */
    private final AtomicLong written = new AtomicLong();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    BrokenServer(Behaviour behaviour) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.behaviour = behaviour;
        this.acceptor = new Thread(this::accept, "broken-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("ws://127.0.0.1:" + socket.getLocalPort() + "/server");
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Payload bytes written to clients so far. */
    long written() {
        return written.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }

    private void accept() {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            connections.add(connection);
            Thread serving = new Thread(() -> {
                try (connection) {
                    behaviour.serve(new Peer(connection));
                } catch (IOException e) {
                    // The client closed the connection: that is how most of these end.
                }
            }, "broken-server-" + accepted.get());
            serving.setDaemon(true);
            serving.start();
        }
    }

    /** One connection's end of the server. */
    final class Peer {

        private final Socket connection;
        private final DataInputStream in;
        private final OutputStream out;
        private String key;

        Peer(Socket connection) throws IOException {
            this.connection = connection;
            this.in = new DataInputStream(new BufferedInputStream(connection.getInputStream()));
            this.out = connection.getOutputStream();
        }

        /** Reads the client's upgrade request, up to its blank line. */
        Peer readUpgrade() throws IOException {
            String line;
            while (!(line = readLine()).isEmpty()) {
                if (line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18)) {
                    key = line.substring(18).trim();
                }
            }
            return this;
        }

        /** Accepts the upgrade as a WebSocket server must. */
        Peer accept() throws IOException {
            return answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + acceptValue(key) + "\r\n\r\n");
        }

        /** Writes {@code response} as it is: a status line, headers and a blank line. */
        Peer answer(String response) throws IOException {
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return this;
        }

        /** Reads frames until a text message arrives and returns the request it holds; answers pings. */
        Message readRequest() throws IOException {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                in.readFully(mask);
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                int opcode = first & 0x0F;
                if (opcode == 0x1) {
                    return MessageJson.read(new String(payload, StandardCharsets.UTF_8));
                }
                if (opcode == 0x9) {
                    sendFrame(0xA, payload);
                } else if (opcode == 0x8) {
                    throw new SocketException("the client closed");
                }
            }
        }

        void sendText(String text) throws IOException {
            sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        void sendReply(Message reply) throws IOException {
            sendText(MessageJson.write(reply));
        }

        /** Sends one final frame of {@code opcode}, unmasked as from a server. */
        void sendFrame(int opcode, byte[] payload) throws IOException {
            sendHeader(opcode, payload.length);
            out.write(payload);
            out.flush();
            written.addAndGet(payload.length);
        }

        /** Sends only the header of a final frame announcing {@code length} bytes. */
        void sendHeader(int opcode, long length) throws IOException {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.write(0x80 | opcode);
            if (length < 126) {
                header.write((int) length);
            } else if (length <= 0xFFFF) {
                header.write(126);
                header.write((int) (length >> 8));
                header.write((int) length);
            } else {
                header.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    header.write((int) (length >> shift));
                }
            }
            out.write(header.toByteArray());
            out.flush();
        }

        /** Sends a text frame of {@code length} bytes of JSON-ish padding, until done or the client hangs up. */
        void streamText(long length) throws IOException {
            sendHeader(0x1, length);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            for (long left = length; left > 0; ) {
                int now = (int) Math.min(left, chunk.length);
                out.write(chunk, 0, now);
                written.addAndGet(now);
                left -= now;
            }
            out.flush();
        }

        /** Waits until the client closes the connection. */
        void awaitClose() throws IOException {
            while (in.read() != -1) {
                // Whatever the client sends is ignored.
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c == -1) {
                    throw new SocketException("the client closed during the upgrade");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    /** The {@code Sec-WebSocket-Accept} value for {@code key} (RFC 6455, section 4.2.2). */
    static String acceptValue(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
