package dev.wscommands.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScriptLineTest {

    @Test
    void aCommandAloneHasAnEmptyArgumentAndKeepsItsSpaces() throws Exception {
        assertEquals(new ScriptLine("Eject the hot dog.", ""), ScriptLine.parse("Eject the hot dog."));
    }

    @Test
    void theFirstTabSeparatesAndLaterTabsBelongToTheArgument() throws Exception {
        assertEquals(new ScriptLine("echo", "a b\tc"), ScriptLine.parse("echo\ta b\tc"));
        assertEquals(new ScriptLine("echo", ""), ScriptLine.parse("echo\t"));
    }

    @Test
    void escapesInTheArgumentAllowAnyText() throws Exception {
        assertEquals(new ScriptLine("echo", "one\ntwo\tthree\r\\four \"quoted\" ü"),
                ScriptLine.parse("echo\tone\\ntwo\\tthree\\r\\\\four \"quoted\" ü"));
        // The command is taken as it is.
        assertEquals(new ScriptLine("a\\nb", ""), ScriptLine.parse("a\\nb"));
    }

    @Test
    void anEmptyLineIsSkipped() throws Exception {
        assertNull(ScriptLine.parse(""));
    }

    @Test
    void anUnknownEscapeALoneBackslashOrNoCommandIsRefusedSayingWhy() {
        assertEquals("unknown escape \\q in the argument (\\t, \\n, \\r and \\\\ are known)",
                assertThrows(ScriptLine.Invalid.class, () -> ScriptLine.parse("echo\ta\\qb")).getMessage());
        assertEquals("the argument ends in a lone backslash (write \\\\ for one)",
                assertThrows(ScriptLine.Invalid.class, () -> ScriptLine.parse("echo\tab\\")).getMessage());
        assertEquals("no command before the TAB",
                assertThrows(ScriptLine.Invalid.class, () -> ScriptLine.parse("\tx")).getMessage());
    }
}
