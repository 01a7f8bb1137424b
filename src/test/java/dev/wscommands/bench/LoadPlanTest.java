package dev.wscommands.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LoadPlanTest {

    private static LoadPlan plan(String command, String argument) {
        return new LoadPlan(URI.create("ws://127.0.0.1:8080/server"), 1, 1, Duration.ofSeconds(1), Duration.ZERO,
                OptionalLong.empty(), command, argument);
    }

    @Test
    void requestsCarryTheCommandAndItsArgumentAsTheServerReadsThem() {
        Message request = MessageJson.read(plan("sleep", "0").request(42));
        assertEquals(new Message(42, "sleep", "0", false, null), request);
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        String command = "say \"hi\"\\\n\t";
        String argument = "line\u0001two";
        assertEquals(new Message(7, command, argument, false, null),
                MessageJson.read(plan(command, argument).request(7)));
    }

    @Test
    void withoutACommandThePlanSendsTheSeedRequest() {
        LoadPlan plan = new LoadPlan(URI.create("ws://127.0.0.1:8080/server"), 1, 1, Duration.ofSeconds(1),
                Duration.ZERO, OptionalLong.empty());
        assertEquals("{\"RequestID\":1,\"Command\":\"Eject the hot dog.\",\"SomeOtherThing\":\"\",\"Success\":false}",
                plan.request(1));
    }

    @Test
    void refusesAMissingCommand() {
        assertThrows(IllegalArgumentException.class, () -> plan(null, ""));
    }
}
