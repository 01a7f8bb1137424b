package dev.wscommands.protocol;

import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Reads a {@link Message} the way Go's {@code encoding/json} reads the original struct: field names match
 * without regard to case, unknown fields and {@code null} values are skipped, a value of the wrong type is
 * an error. Errors are {@link MessageFormatException}s whose text is safe to show to the client.
 */
final class MessageDeserializer implements JsonbDeserializer<Message> {

    @Override
    public Message deserialize(JsonParser parser, DeserializationContext context, Type type) {
        long requestId = 0;
        String command = "";
        String someOtherThing = "";
        boolean success = false;
        String error = null;
        while (parser.hasNext()) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.END_OBJECT) {
                return new Message(requestId, command, someOtherThing, success, error);
            }
            if (event != JsonParser.Event.KEY_NAME) {
                throw new MessageFormatException("expected a JSON object");
            }
            String key = parser.getString().toLowerCase(Locale.ROOT);
            JsonParser.Event value = parser.next();
            if (value == JsonParser.Event.VALUE_NULL) {
                continue;
            }
            try {
                switch (key) {
                    case "requestid" -> requestId = readId(parser, value);
                    case "command" -> command = readString(parser, value, "Command");
                    case "someotherthing" -> someOtherThing = readString(parser, value, "SomeOtherThing");
                    case "success" -> success = readBoolean(value);
                    case "error" -> error = readString(parser, value, "Error");
                    default -> skip(parser, value);
                }
            } catch (MessageFormatException e) {
                throw new MessageFormatException(e.getMessage(), requestId);
            }
        }
        // Yasson hands over a scalar top-level value with nothing left to read.
        throw new MessageFormatException("expected a JSON object");
    }

    private static long readId(JsonParser parser, JsonParser.Event value) {
        if (value != JsonParser.Event.VALUE_NUMBER) {
            throw new MessageFormatException("RequestID must be an integer");
        }
        BigDecimal number = parser.getBigDecimal();
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            throw new MessageFormatException("RequestID must be an integer within 64 bits");
        }
    }

    private static String readString(JsonParser parser, JsonParser.Event value, String field) {
        if (value != JsonParser.Event.VALUE_STRING) {
            throw new MessageFormatException(field + " must be a string");
        }
        return parser.getString();
    }

    private static boolean readBoolean(JsonParser.Event value) {
        return switch (value) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> throw new MessageFormatException("Success must be a boolean");
        };
    }

    /**
     * Skips a value of an unknown field by reading through it. Not with {@code skipObject()}/{@code skipArray()}:
     * Parsson's skipping loops forever on some malformed input (an unterminated nested object), which would pin
     * the thread that reads the connection; reading event by event reports the fault instead.
     */
    private static void skip(JsonParser parser, JsonParser.Event value) {
        if (value != JsonParser.Event.START_OBJECT && value != JsonParser.Event.START_ARRAY) {
            return;
        }
        int depth = 1;
        try {
            while (depth > 0) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                    }
                }
            }
        } catch (NoSuchElementException e) {
            throw new MessageFormatException("not valid JSON");
        }
    }
}
