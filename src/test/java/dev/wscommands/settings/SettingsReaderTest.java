package dev.wscommands.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

    @Test
    void missingValuesKeepTheirDefaults() {
        assertEquals(ServerSettings.defaults(), SettingsReader.read(name -> null));
    }

    @Test
    void readsGivenValues() {
        assertEquals(1000, SettingsReader.read(Map.of("max-message-size", " 1000 ")::get).maxMessageSize());
    }

    @Test
    void refusesInvalidValuesNamingTheSetting() {
        var notANumber = assertThrows(IllegalArgumentException.class,
                () -> SettingsReader.read(Map.of("max-message-size", "64k")::get));
        assertTrue(notANumber.getMessage().startsWith("max-message-size"), notANumber.getMessage());
        var tooSmall = assertThrows(IllegalArgumentException.class,
                () -> SettingsReader.read(Map.of("max-message-size", "3")::get));
        assertTrue(tooSmall.getMessage().startsWith("max-message-size"), tooSmall.getMessage());
    }
}
