package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.RunningServer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several clients connect through one {@link ClientContainer}; closing one leaves the container to the others. */
class SharedContainerTest {

    private static final Duration TIMEOUT = RecordingListener.TIMEOUT;
    private static final String EJECT = "Eject the hot dog.";
    private static final Message EJECTED = Message.success(1, "The hot dog left the castle as requested.");

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;

    @BeforeEach
    void start() throws Exception {
        server = running.start();
    }

    private ClientSettings settings(ClientContainer shared) {
        return ClientSettings.defaults(server.endpoint())
                .withReconnect(Backoff.of(Duration.ofMillis(20), Duration.ofMillis(100)), Duration.ofSeconds(10))
                .withContainer(shared);
    }

    private static Message reply(CommandClient client) throws Exception {
        return client.send(EJECT).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void closingOneClientLeavesTheSharedContainerToTheOthers() throws Exception {
        try (ClientContainer shared = ClientContainer.create(Duration.ofSeconds(5))) {
            RecordingListener secondEvents = new RecordingListener();
            try (CommandClient second = CommandClient.connect(settings(shared), secondEvents)) {
                try (CommandClient first = CommandClient.connect(settings(shared))) {
                    assertEquals(EJECTED, reply(first));
                    assertEquals(EJECTED, reply(second));
                }
                // The first client is closed; the container it shared still serves the second one's connection ...
                assertEquals(Message.success(2, EJECTED.someOtherThing()), reply(second));
                // ... and opens new ones: a client started now connects through it.
                try (CommandClient third = CommandClient.connect(settings(shared))) {
                    assertEquals(EJECTED, reply(third));
                }
                assertEquals(0, second.stats().reconnects());
            }
        }
    }

    @Test
    void eachClientOnASharedContainerKeepsItsOwnReplySizeLimit() throws Exception {
        try (ClientContainer shared = ClientContainer.create(Duration.ofSeconds(5));
             CommandClient roomy = CommandClient.connect(settings(shared));
             CommandClient tight = CommandClient.connect(settings(shared).withMaxReplySize(16))) {
            assertEquals(EJECTED, reply(roomy));
            Throwable failure = assertThrows(ExecutionException.class, () -> reply(tight)).getCause();
            assertTrue(failure.getMessage().contains("a reply was larger than 16 bytes"), failure.getMessage());
            assertEquals(Message.success(2, EJECTED.someOtherThing()), reply(roomy));
        }
    }
}
