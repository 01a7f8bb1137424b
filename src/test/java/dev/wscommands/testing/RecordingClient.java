package dev.wscommands.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A raw WebSocket client for tests: sends text exactly as given and records every text message and the close,
 * so a test can wait for each with a timeout.
 */
public final class RecordingClient implements AutoCloseable {

    /** How long a test waits for any single event before it fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final ClientManager CLIENTS = clients();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final Session session;

    private RecordingClient(URI uri) throws IOException, DeploymentException {
        this.session = CLIENTS.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.setMaxTextMessageBufferSize(16 * 1024 * 1024);
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) messages::add);
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed.complete(reason);
            }
        }, ClientEndpointConfig.Builder.create().build(), uri);
    }

    /**
     * With the default idle timeout (0), Tyrus schedules an idle-timer task after every send; when the server
     * has just closed this client's last session, Tyrus has already shut that executor down, and a send that
     * succeeded throws {@code RejectedExecutionException}. A negative timeout schedules nothing.
     */
    private static ClientManager clients() {
        ClientManager clients = ClientManager.createClient();
        clients.setDefaultMaxSessionIdleTimeout(-1);
        return clients;
    }

    /** Opens a connection to {@code uri}. */
    public static RecordingClient connect(URI uri) throws IOException, DeploymentException {
        return new RecordingClient(uri);
    }

    /** Sends {@code text} as one text message, waiting until it is written. */
    public void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    /**
     * Sends text that the server is expected to refuse while it is still arriving: the server may close the
     * connection before the send completes, so a failed send is not an error here; the close is checked by
     * {@link #awaitClose()}.
     */
    public void sendRefused(String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException | RuntimeException closedMidSend) {
            // expected when the server closes first
        }
    }

    /** Sends {@code parts} as one text message in as many frames. */
    public void sendFragmented(String... parts) throws IOException {
        for (int i = 0; i < parts.length; i++) {
            session.getBasicRemote().sendText(parts[i], i == parts.length - 1);
        }
    }

    /** Sends {@code data} as one binary message. */
    public void sendBinary(byte[] data) throws IOException {
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
    }

    /** The next text message received, waiting at most {@link #TIMEOUT}. */
    public String next() throws InterruptedException {
        String message = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "no message within " + TIMEOUT);
        return message;
    }

    /** The close reason the server sent, waiting at most {@link #TIMEOUT}. */
    public CloseReason awaitClose() throws InterruptedException, ExecutionException, TimeoutException {
        return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    /** Messages received and not yet taken. */
    public int pending() {
        return messages.size();
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }
}
