package dev.wscommands.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandDispatcherTest {

    private final CommandDispatcher dispatcher = CommandDispatcher.standard();

    @Test
    void ejectsTheHotDog() {
        assertEquals(Message.success(7, "The hot dog left the castle as requested."),
                dispatcher.dispatch(Message.request(7, "Eject the hot dog.")));
    }

    @Test
    void acknowledgesHeartbeats() {
        assertEquals(Message.success(9, ""), dispatcher.dispatch(Message.request(9, "heartbeat")));
    }

    @Test
    void unknownCommandFailsNamingItAndTheKnownOnes() {
        Message reply = dispatcher.dispatch(Message.request(4, "Launch"));
        assertEquals(4, reply.requestId());
        assertEquals(false, reply.success());
        assertEquals("unknown command \"Launch\"; known commands: \"Eject the hot dog.\", \"heartbeat\"", reply.error());
    }

    @Test
    void aHugeUnknownCommandIsNotEchoedWhole() {
        Message reply = dispatcher.dispatch(Message.request(1, "x".repeat(10_000)));
        assertTrue(reply.error().length() < 200, reply.error());
    }

    @Test
    void refusesTwoHandlersForOneCommand() {
        assertThrows(IllegalArgumentException.class,
                () -> new CommandDispatcher(List.of(new HeartbeatCommand(), new HeartbeatCommand())));
    }
}
