package dev.wscommands.standalone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 written by hand on a bare socket, for requests no client library would send. */
final class RawHttp {

    /** How long a test waits for an answer or for the server to close. */
    static final int TIMEOUT_MILLIS = 10_000;

    private RawHttp() {
    }

    /** One answer: status, headers (names in lower case) and body; {@code closed} when the server closed after it. */
    record Answer(int status, Map<String, String> headers, String body, boolean closed) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Opens a connection from {@code localAddress} (null: any) to the server's port. */
    static Socket connect(int port, String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(TIMEOUT_MILLIS);
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        return socket;
    }

    /** Sends {@code request} as ISO-8859-1 bytes on a new connection and reads everything until the server closes. */
    static Answer exchange(int port, String request) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Answer exchange(int port, byte[] request) throws IOException {
        try (Socket socket = connect(port, null)) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed = readUntilClosed(socket.getInputStream(), received);
            return parse(received.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }

    /** Reads one answer framed by its Content-Length, leaving the connection open. */
    static Answer readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before a complete answer: " + head);
            }
            head.append((char) b);
        }
        Answer partial = parse(head.toString(), false);
        int length = Integer.parseInt(partial.header("Content-Length"));
        byte[] body = in.readNBytes(length);
        return new Answer(partial.status(), partial.headers(), new String(body, StandardCharsets.UTF_8), false);
    }

    /** True when the server closed the connection within the timeout; false when it was still open. */
    static boolean readUntilClosed(InputStream in, ByteArrayOutputStream sink) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sink.write(buffer, 0, n);
            }
            return true;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static Answer parse(String text, boolean closed) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Answer(0, Map.of(), text, closed);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4), closed);
    }
}
