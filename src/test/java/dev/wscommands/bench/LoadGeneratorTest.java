package dev.wscommands.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    @Test
    void readsTheRequestIdOfAReplyWithoutDecodingIt() {
        assertEquals(42, LoadGenerator.requestId(
                "{\"RequestID\":42,\"Command\":\"\",\"SomeOtherThing\":\"x\",\"Success\":true}"));
        assertEquals(-7, LoadGenerator.requestId("{\"Success\":true,\"RequestID\":-7}"));
        assertEquals(Long.MIN_VALUE, LoadGenerator.requestId("{\"Success\":true}"));
        assertEquals(Long.MIN_VALUE, LoadGenerator.requestId("{\"RequestID\":\"1\"}"));
    }
}
