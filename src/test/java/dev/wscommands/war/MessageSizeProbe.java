package dev.wscommands.war;

import static org.awaitility.Awaitility.await;

import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.RecordingClient;
import java.net.URI;

/**
 * Tells which {@code max-message-size} a deployed WAR enforces: it sends one {@code heartbeat} padded to a
 * size and reports what came back, in words a failed assertion can show.
 */
final class MessageSizeProbe {

    static final String ANSWERED = "answered";

    private MessageSizeProbe() {
    }

    /** {@link #ANSWERED}, or "closed with CODE", or what else happened, for a text message of {@code bytes}. */
    static String outcome(URI endpoint, int bytes) throws Exception {
        String head = "{\"RequestID\":5,\"Command\":\"heartbeat\",\"SomeOtherThing\":\"";
        String tail = "\"}";
        String message = head + "x".repeat(bytes - head.length() - tail.length()) + tail;
        try (RecordingClient client = RecordingClient.connect(endpoint)) {
            client.send(message);
            await().atMost(RecordingClient.TIMEOUT).until(() -> client.pending() > 0 || !client.isOpen());
            if (client.pending() > 0) {
                String reply = client.next();
                return MessageJson.read(reply).success() ? ANSWERED : "replied " + reply;
            }
            return "closed with " + client.awaitClose().getCloseCode().getCode();
        }
    }
}
