package dev.wscommands.protocol;

/**
 * Writes a {@link Message} as Go's {@code encoding/json} writes the original struct: all four fields, in order,
 * then {@code Error} on error replies. Written by hand because a reply has one fixed shape: this costs a small
 * fraction of a JSON-B round (no generator, no writer, no context), and it runs once per reply. Strings are
 * escaped exactly as the JSON-P generator escapes them, so the text is the same byte for byte.
 */
final class MessageWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private MessageWriter() {
    }

    static String write(Message message) {
        String error = message.error();
        StringBuilder json = new StringBuilder(64 + message.command().length() + message.someOtherThing().length()
                + (error == null ? 0 : error.length() + 10));
        json.append("{\"RequestID\":").append(message.requestId()).append(",\"Command\":");
        string(json, message.command());
        json.append(",\"SomeOtherThing\":");
        string(json, message.someOtherThing());
        json.append(",\"Success\":").append(message.success());
        if (error != null) {
            json.append(",\"Error\":");
            string(json, error);
        }
        return json.append('}').toString();
    }

    /** A JSON string: quotes, backslashes and control characters escaped; everything else as it is. */
    private static void string(StringBuilder json, String value) {
        json.append('"');
        int plain = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            json.append(value, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        json.append(value, plain, value.length()).append('"');
    }
}
