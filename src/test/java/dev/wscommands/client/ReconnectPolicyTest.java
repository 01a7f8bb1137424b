package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReconnectPolicyTest {

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1006, 1011, 1012, 1013, 4000})
    void reconnectsAfterAnOutage(int code) {
        assertTrue(ReconnectPolicy.afterClose(code));
    }

    @ParameterizedTest
    @ValueSource(ints = {1002, 1003, 1007, 1008, 1009, 1010})
    void stopsWhenTheServerWouldRefuseAgain(int code) {
        assertFalse(ReconnectPolicy.afterClose(code));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 426})
    void stopsWhenTheHandshakeIsRefused(int status) {
        assertFalse(ReconnectPolicy.afterHandshakeStatus(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503})
    void retriesAfterAHandshakeTheServerMayAnswerLater(int status) {
        assertTrue(ReconnectPolicy.afterHandshakeStatus(status));
    }
}
