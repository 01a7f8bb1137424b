package dev.wscommands.protocol;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;

/**
 * Reads and writes {@link Message}s. Messages in the form Go writes are read by hand; any other text goes
 * through one JSON-B instance ({@link Jsonb} is thread-safe and costly to build, so every decoder and client
 * shares this one), which alone decides what is invalid. Writing a message, whose shape is fixed, is done by
 * hand.
 */
public final class MessageJson {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withDeserializers(new MessageDeserializer()));

    private MessageJson() {
    }

    /** The message as JSON text, exactly as the Go original writes it. */
    public static String write(Message message) {
        return MessageWriter.write(message);
    }

    /**
     * Reads one message.
     *
     * @throws MessageFormatException when the text is not JSON or not a valid message; the exception's text
     *                                says what was wrong, with no internal detail
     */
    public static Message read(String text) {
        Message canonical = CanonicalReader.read(text);
        return canonical != null ? canonical : readAnyForm(text);
    }

    /** Reads one message in any form JSON allows, through JSON-B. */
    static Message readAnyForm(String text) {
        Message message;
        try {
            message = JSONB.fromJson(text, Message.class);
        } catch (JsonbException e) {
            throw describe(e);
        }
        if (message == null) {
            throw new MessageFormatException("expected a JSON object");
        }
        return message;
    }

    private static MessageFormatException describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MessageFormatException known) {
                return known;
            }
        }
        return new MessageFormatException("not valid JSON");
    }
}
