package dev.wscommands.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void agreesWithTheEncoderAtTheLimit() {
        for (String unit : new String[] {"a", "\u00e9", "\u20ac", "\ud83d\ude00"}) {
            for (int repeat = 0; repeat < 40; repeat++) {
                String text = unit.repeat(repeat);
                int bytes = text.getBytes(StandardCharsets.UTF_8).length;
                for (int limit = Math.max(0, bytes - 4); limit <= bytes + 4; limit++) {
                    assertEquals(bytes > limit, Utf8.exceeds(text, limit), unit + " x" + repeat + " limit " + limit);
                }
            }
        }
    }
}
