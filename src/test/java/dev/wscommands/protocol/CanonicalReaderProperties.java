package dev.wscommands.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonical-form reader agrees with the full reader on every text it accepts, and declines the rest. */
class CanonicalReaderProperties {

    @Property(tries = 3000)
    void agreesWithTheFullReaderWheneverItReadsAText(@ForAll("nearlyCanonical") String text) {
        Message fast = CanonicalReader.read(text);
        if (fast != null) {
            assertEquals(MessageJson.readAnyForm(text), fast, text);
        }
    }

    @Property(tries = 1000)
    void readsEveryRequestAsItIsWritten(@ForAll("plainRequests") Message request) {
        assertEquals(request, CanonicalReader.read(MessageJson.write(request)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"RequestID\":01,\"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":false}",
        "{\"RequestID\":1234567890123456789,\"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":false}",
        "{\"RequestID\":1e2,\"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":false}",
        "{\"RequestID\":-,\"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":false}",
        "{\"RequestID\":1,\"Command\":\"a\\\"b\",\"SomeOtherThing\":\"\",\"Success\":false}",
        "{\"RequestID\":1,\"Command\":\"tab\there\",\"SomeOtherThing\":\"\",\"Success\":false}",
        "{\"RequestID\":1,\"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":false} ",
        "{\"RequestID\":1,\"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":false,\"Error\":\"x\"}",
        "{\"RequestID\":1,\"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":null}",
        "{\"RequestID\":1, \"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":false}",
    })
    void leavesEverythingElseToTheFullReader(String text) {
        assertNull(CanonicalReader.read(text));
    }

    @Property(tries = 1)
    void readsTheSeedRequestItself() {
        assertNotNull(CanonicalReader.read(
                "{\"RequestID\":1,\"Command\":\"Eject the hot dog.\",\"SomeOtherThing\":\"\",\"Success\":false}"));
    }

    @Provide
    Arbitrary<Message> plainRequests() {
        Arbitrary<String> plain = Arbitraries.strings().excludeChars('"', '\\').ofMaxLength(40)
                .filter(s -> s.chars().allMatch(c -> c >= 0x20));
        Arbitrary<Long> ids = Arbitraries.longs().between(-999_999_999_999_999_999L, 999_999_999_999_999_999L);
        return Combinators.combine(ids, plain, plain, Arbitraries.of(true, false))
                .as((id, command, other, success) -> new Message(id, command, other, success, null));
    }

    /** Canonical requests with one part replaced by something that may or may not keep the form. */
    @Provide
    Arbitrary<String> nearlyCanonical() {
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.longs().map(id -> Long.toString(id)),
                Arbitraries.of("-0", "0", "00", "-01", "1.0", "1e3", "-", "", "99999999999999999999", " 1", "1 "));
        Arbitrary<String> strings = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withChars("\"\\/\u0000\u001f\u007f\u00e9\ud83d\ude00 aZ").ofMaxLength(10));
        Arbitrary<String> tails = Arbitraries.of("false}", "true}", "false} ", "null}", "1}", "false,\"Error\":\"e\"}",
                "true", "false}}", "False}");
        return Combinators.combine(ids, strings, strings, tails).as((id, command, other, tail) ->
                "{\"RequestID\":" + id + ",\"Command\":\"" + command + "\",\"SomeOtherThing\":\"" + other
                        + "\",\"Success\":" + tail);
    }
}
