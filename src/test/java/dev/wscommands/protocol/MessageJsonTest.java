package dev.wscommands.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageJsonTest {

    @Test
    void writesTheFourGoFieldsInGoOrder() {
        assertEquals("{\"RequestID\":1,\"Command\":\"Eject the hot dog.\",\"SomeOtherThing\":\"\",\"Success\":false}",
                MessageJson.write(Message.request(1, "Eject the hot dog.")));
    }

    @Test
    void writesErrorOnlyWhenThereIsOne() {
        assertEquals("{\"RequestID\":3,\"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":false,\"Error\":\"no\"}",
                MessageJson.write(Message.failure(3, "no")));
        assertEquals("{\"RequestID\":3,\"Command\":\"\",\"SomeOtherThing\":\"ok\",\"Success\":true}",
                MessageJson.write(Message.success(3, "ok")));
    }

    @Test
    void readsWhatItWrites() {
        Message message = new Message(-9, "c\"\u00e9\n", "x", true, "e");
        assertEquals(message, MessageJson.read(MessageJson.write(message)));
    }

    @Test
    void readsTheGoOriginalsRequest() {
        assertEquals(Message.request(1, "Eject the hot dog."), MessageJson.read(
                "{\"RequestID\":1,\"Command\":\"Eject the hot dog.\",\"SomeOtherThing\":\"\",\"Success\":false}"));
    }

    @Test
    void missingFieldsTakeGoZeroValues() {
        assertEquals(new Message(0, "", "", false, null), MessageJson.read("{}"));
        assertEquals(Message.request(5, ""), MessageJson.read("{\"RequestID\":5}"));
    }

    @Test
    void ignoresUnknownFieldsAndNullsAndMatchesNamesLikeGo() {
        assertEquals(Message.request(8, "heartbeat"), MessageJson.read(
                "{\"extra\":{\"a\":[1,{\"b\":2}]},\"requestid\":8,\"list\":[[]],\"COMMAND\":\"heartbeat\",\"Success\":null}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all                 | not valid JSON",
        "{\"RequestID\":1                | not valid JSON",
        "[1,2]                           | expected a JSON object",
        "42                              | expected a JSON object",
        "null                            | expected a JSON object",
        "{\"RequestID\":\"1\"}           | RequestID must be an integer",
        "{\"RequestID\":1.5}             | RequestID must be an integer within 64 bits",
        "{\"RequestID\":1e30}            | RequestID must be an integer within 64 bits",
        "{\"Command\":7}                 | Command must be a string",
        "{\"Command\":[\"x\"]}           | Command must be a string",
        "{\"Success\":\"true\"}          | Success must be a boolean",
        "{\"SomeOtherThing\":{}}         | SomeOtherThing must be a string",
    })
    void refusesWhatIsNotAMessageAndSaysWhy(String text, String reason) {
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> MessageJson.read(text));
        assertEquals(reason, e.getMessage());
    }

    /** Such input once sent the JSON parser's skipping into an endless loop, pinning the reading thread. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"x\":{\"Command\"\"x\"-1,\"x\"\"RequestID\"\"Command\",\"Eject the hot dog.\"",
        "{\"x\":{\"a\"",
        "{\"x\":[1,{\"a\":",
    })
    void refusesAnUnterminatedUnknownFieldPromptly(String text) {
        MessageFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(MessageFormatException.class, () -> MessageJson.read(text)));
        assertEquals("not valid JSON", e.getMessage());
    }

    @Test
    void keepsTheRequestIdReadBeforeTheFault() {
        MessageFormatException e = assertThrows(MessageFormatException.class,
                () -> MessageJson.read("{\"RequestID\":77,\"Command\":false}"));
        assertEquals(77, e.requestId());
    }
}
