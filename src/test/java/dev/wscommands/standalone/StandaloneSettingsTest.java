package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandaloneSettingsTest {

    @Test
    void mountsAtTheRootUnlessToldOtherwise() {
        assertEquals("/", StandaloneSettings.onPort(0).contextPath());
        assertEquals("/ws-commands", StandaloneSettings.onPort(0).withContextPath("/ws-commands").contextPath());
    }

    @Test
    void rejectsContextPathsAContainerWouldNotUse() {
        for (String bad : new String[] {"", "ws-commands", "/ws-commands/", "//", "/a b", "/a/..", "/./b"}) {
            assertThrows(IllegalArgumentException.class, () -> StandaloneSettings.onPort(0).withContextPath(bad), bad);
        }
    }
}
