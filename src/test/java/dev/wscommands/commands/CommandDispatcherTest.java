package dev.wscommands.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.operations.ServerMetrics;
import dev.wscommands.protocol.Message;
import dev.wscommands.settings.ServerSettings;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The built-in commands through the dispatcher; plug-in commands are tested against a running server. */
class CommandDispatcherTest {

    private final CommandCatalog catalog = CommandCatalog.builtIn();
    private final CommandDispatcher dispatcher =
            new CommandDispatcher(catalog, ServerSettings.defaults(), new ServerMetrics(catalog.names()));
    private final LinkedBlockingQueue<Message> replies = new LinkedBlockingQueue<>();
    private final SessionCommands session = dispatcher.open("test", replies::add);

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    private Message dispatch(Message request) throws InterruptedException {
        dispatcher.dispatch(request, System.nanoTime(), session);
        Message reply = replies.poll(5, TimeUnit.SECONDS);
        assertTrue(replies.isEmpty(), "one reply per request");
        return reply;
    }

    @Test
    void ejectsTheHotDog() throws Exception {
        assertEquals(Message.success(7, "The hot dog left the castle as requested."),
                dispatch(Message.request(7, "Eject the hot dog.")));
    }

    @Test
    void acknowledgesHeartbeats() throws Exception {
        assertEquals(Message.success(9, ""), dispatch(Message.request(9, "heartbeat")));
    }

    @Test
    void theBuiltInCommandsAreFoundThroughTheServiceLoader() {
        assertEquals(java.util.List.of("Eject the hot dog.", "heartbeat", "cancel"), java.util.List.copyOf(catalog.names()));
        catalog.commands().forEach(command -> assertEquals("built-in", command.source()));
    }

    @Test
    void unknownCommandFailsNamingItAndTheKnownOnes() throws Exception {
        Message reply = dispatch(Message.request(4, "Launch"));
        assertEquals(4, reply.requestId());
        assertFalse(reply.success());
        assertEquals("unknown command \"Launch\"; known commands: \"Eject the hot dog.\", \"heartbeat\", \"cancel\"",
                reply.error());
    }

    @Test
    void aHugeUnknownCommandIsNotEchoedWhole() throws Exception {
        Message reply = dispatch(Message.request(1, "x".repeat(10_000)));
        assertTrue(reply.error().length() < 200, reply.error());
    }

    @Test
    void aReplyThatCannotBeSentEndsItsCommandAndCountsAsDropped() throws Exception {
        TestCommands commands = new TestCommands();
        CommandCatalog catalog = commands.catalog();
        ServerMetrics metrics = new ServerMetrics(catalog.names());
        try (CommandDispatcher sleeping = new CommandDispatcher(catalog, ServerSettings.defaults(), metrics)) {
            SessionCommands closed = sleeping.open("closed", dev.wscommands.api.Caller.ANONYMOUS,
                    java.util.Optional.empty(), reply -> {
                        throw new IllegalStateException("Socket is not connected.");
                    });
            SessionCommands closing = sleeping.open("closing", dev.wscommands.api.Caller.ANONYMOUS,
                    java.util.Optional.empty(), reply -> false);
            sleeping.dispatch(new Message(1, "sleep", "0", false, null), System.nanoTime(), closed);
            sleeping.dispatch(new Message(2, "sleep", "0", false, null), System.nanoTime(), closing);
            closed.idle().get(5, TimeUnit.SECONDS);
            closing.idle().get(5, TimeUnit.SECONDS);
            dev.wscommands.testing.Metrics scraped = dev.wscommands.testing.Metrics.parse(metrics.scrape().orElseThrow());
            assertEquals(0, scraped.value("ws_commands_commands_in_flight{command=\"sleep\"}"));
            assertEquals(2, scraped.value("ws_commands_replies_total{command=\"sleep\",outcome=\"dropped\"}"));
            assertEquals(0, scraped.value("ws_commands_replies_total{command=\"sleep\",outcome=\"success\"}"));
        }
    }
}
