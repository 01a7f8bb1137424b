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

    @Test
    void aDurationThatOverflowsOrIsPastAYearIsRefusedNamingTheSetting() {
        for (String value : new String[] {"9999999999999h", "99999999999999999999", "9000h", "600000m"}) {
            var refused = assertThrows(IllegalArgumentException.class,
                    () -> SettingsReader.read(Map.of("send-timeout", value)::get));
            assertEquals("send-timeout: \"" + value + "\" is longer than the longest duration accepted, 8760h",
                    refused.getMessage());
        }
        assertEquals(java.time.Duration.ofDays(365), SettingsReader.read(Map.of("shutdown-timeout", "8760h")::get)
                .shutdownTimeout());
    }

    @Test
    void namesTheParametersThatLookLikeSettingsButAreNone() {
        assertEquals(java.util.List.of("max-conections", "send-timout"), SettingsReader.unknown(java.util.List.of(
                "send-timout", "max-connections", "max-conections", "jwt-issuer", "dedupe-window",
                "org.eclipse.jetty.servlet.Default.dirAllowed", "jakarta.faces.PROJECT_STAGE")));
    }
}
