package dev.wscommands.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The decoder under generated input: a message or a {@link MessageFormatException}, nothing else. */
class MessageDecoderProperties {

    @Property(tries = 3000)
    void anyTextIsAMessageOrAClientSafeError(@ForAll("jsonish") String text) {
        try {
            MessageJson.read(text);
        } catch (MessageFormatException e) {
            String reason = e.getMessage();
            assertFalse(reason == null || reason.isBlank());
            assertFalse(reason.contains("Exception") || reason.contains("dev.wscommands") || reason.contains("java."),
                    reason);
        }
    }

    @Property(tries = 2000)
    void everyMessageSurvivesARoundTrip(@ForAll("messages") Message message) {
        assertEquals(message, MessageJson.read(MessageJson.write(message)));
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\"RequestID\"", "\"Command\"",
                "\"Success\"", "\"SomeOtherThing\"", "\"Error\"", "true", "false", "null", "1", "-0", "1.5", "1e400",
                "99999999999999999999", "\"Eject the hot dog.\"", "\\u0000", "\\", " ", "\u00e9", "\ud83d\ude00");
        Arbitrary<String> structured = fragments.list().ofMaxSize(30).map(parts -> String.join("", parts));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(200));
    }

    @Provide
    Arbitrary<Message> messages() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(50);
        return Combinators.combine(Arbitraries.longs(), text, text, Arbitraries.of(true, false),
                        Arbitraries.strings().ofMaxLength(20).injectNull(0.5))
                .as(Message::new);
    }
}
