package dev.wscommands.testing;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * A test client with at-least-once delivery: it keeps up to {@code window} requests unanswered, and after a
 * lost connection reconnects (with a short backoff) and sends every unanswered request again with the same
 * {@code RequestID}. It stands in for the project's {@code CommandClient} until that exists.
 */
public final class ResendingClient implements AutoCloseable {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

    private final URI uri;
    private final String command;
    private final int window;
    private final ClientManager manager = ClientManager.createClient();
    private final Object lock = new Object();
    private final TreeSet<Long> unanswered = new TreeSet<>();
    private final Thread worker;
    private Session session;
    private long nextId = 1;
    private long sent;
    private long answered;
    private long resent;
    private long duplicates;
    private long failures;
    private int connections;
    private long answeredOnThisConnection;
    private boolean sending = true;
    private boolean closed;

    private ResendingClient(URI uri, String command, int window) {
        this.uri = uri;
        this.command = command;
        this.window = window;
        manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, 5_000);
        this.worker = new Thread(this::run, "resending-client");
        this.worker.setDaemon(true);
    }

    /** Starts sending {@code command} to {@code uri} with new ids, {@code window} unanswered at most. */
    public static ResendingClient start(URI uri, String command, int window) {
        ResendingClient client = new ResendingClient(uri, command, window);
        client.worker.start();
        return client;
    }

    /** Stops sending new requests and waits until every request sent is answered. */
    public boolean finish(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            sending = false;
            while (!unanswered.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * What the client has done so far.
     *
     * @param sent                     distinct requests sent (resends not counted)
     * @param answered                 distinct requests answered
     * @param resent                   requests sent again after a reconnect
     * @param duplicates               replies to requests already answered
     * @param failures                 replies with {@code Success:false}
     * @param connections              connections opened
     * @param answeredOnThisConnection requests answered on the connection open now (or last open)
     */
    public record Counts(long sent, long answered, long resent, long duplicates, long failures, int connections,
                         long answeredOnThisConnection) {
    }

    /** A snapshot of the counts. */
    public Counts counts() {
        synchronized (lock) {
            return new Counts(sent, answered, resent, duplicates, failures, connections, answeredOnThisConnection);
        }
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        worker.join(RecordingClient.TIMEOUT.toMillis());
        Session last = session;
        if (last != null && last.isOpen()) {
            try {
                last.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        try {
            while (true) {
                long id;
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    boolean connected = session != null && session.isOpen();
                    if (connected && (!sending || unanswered.size() >= window)) {
                        lock.wait(100);
                        continue;
                    }
                    id = connected ? nextId++ : 0;
                    if (connected) {
                        unanswered.add(id);
                        sent++;
                    }
                }
                if (id == 0) {
                    if (connect()) {
                        backoff = FIRST_BACKOFF;
                    } else {
                        synchronized (lock) {
                            lock.wait(backoff.toMillis());
                        }
                        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    }
                    continue;
                }
                send(id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens a new connection and resends every unanswered request on it; false when it failed. */
    private boolean connect() {
        Session opened;
        try {
            opened = manager.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) ResendingClient.this::onReply);
                }

                @Override
                public void onClose(Session session, CloseReason reason) {
                    synchronized (lock) {
                        lock.notifyAll();
                    }
                }
            }, ClientEndpointConfig.Builder.create().build(), uri);
        } catch (Exception e) {
            return false;
        }
        List<Long> again;
        synchronized (lock) {
            session = opened;
            connections++;
            answeredOnThisConnection = 0;
            again = new ArrayList<>(unanswered);
            resent += again.size();
        }
        for (long id : again) {
            send(id);
        }
        return true;
    }

    private void send(long id) {
        Session current = session;
        try {
            current.getBasicRemote().sendText(MessageJson.write(Message.request(id, command)));
        } catch (IOException | RuntimeException lost) {
            // The request stays unanswered and is sent again on the next connection.
            try {
                current.close();
            } catch (IOException | RuntimeException ignored) {
                // already gone
            }
        }
    }

    private void onReply(String text) {
        Message reply = MessageJson.read(text);
        synchronized (lock) {
            if (unanswered.remove(reply.requestId())) {
                answered++;
                answeredOnThisConnection++;
                if (!reply.success()) {
                    failures++;
                }
            } else {
                duplicates++;
            }
            lock.notifyAll();
        }
    }
}
