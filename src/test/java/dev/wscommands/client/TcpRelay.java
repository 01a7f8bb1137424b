package dev.wscommands.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on 127.0.0.1 in front of a server, for faults a real server never makes: {@link #freeze()} stops
 * forwarding on every open connection while keeping it open (a dead peer behind a live TCP connection), and
 * {@link #dropAll()} cuts every open connection. Connections accepted later forward normally.
 */
final class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final AtomicInteger accepted = new AtomicInteger();

    TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::accept, "tcp-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The server's endpoint, reached through the relay. */
    URI endpoint() {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/server");
    }

    /** Connections accepted so far, whether or not the server could be reached. */
    int accepted() {
        return accepted.get();
    }

    /** Every open connection stops forwarding in both directions, and stays open. */
    void freeze() {
        links.forEach(Link::freeze);
    }

    /** Frozen connections forward again, starting with what they held back. */
    void thaw() {
        links.forEach(Link::thaw);
    }

    /** Closes every open connection at once, without a WebSocket close. */
    void dropAll() {
        links.forEach(Link::close);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        dropAll();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Link link = new Link(client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                // Closed, or the server is down: the client sees a dropped connection, as it should.
            }
        }
    }

    /** One relayed connection: two pumps, one per direction. */
    private final class Link {

        private final Socket client;
        private final Socket server;
        private boolean frozen;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            pump(client, server, "tcp-relay-up");
            pump(server, client, "tcp-relay-down");
        }

        synchronized void freeze() {
            frozen = true;
        }

        synchronized void thaw() {
            frozen = false;
            notifyAll();
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(server);
            synchronized (this) {
                notifyAll();
            }
        }

        private void pump(Socket from, Socket to, String name) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int read;
                    while ((read = in.read(buffer)) >= 0) {
                        if (!awaitThawed()) {
                            return;
                        }
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // The link is closed.
                } finally {
                    close();
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** Holds a pump while the link is frozen; false when the link closed meanwhile. */
        private synchronized boolean awaitThawed() throws InterruptedException {
            while (frozen && !client.isClosed()) {
                wait();
            }
            return !client.isClosed();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }
}
