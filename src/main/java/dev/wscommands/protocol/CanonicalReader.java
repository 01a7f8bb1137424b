package dev.wscommands.protocol;

/**
 * Reads the one form nearly every request takes, the one Go's {@code encoding/json} and {@link MessageWriter}
 * write: the four fields in order, no whitespace, no escapes, an integer id. Anything else, including every
 * invalid input, is left to the full reader, which alone decides what is valid and how to say it is not; for
 * text in this form both give the same message.
 */
final class CanonicalReader {

    private static final String ID = "{\"RequestID\":";
    private static final String COMMAND = ",\"Command\":\"";
    private static final String OTHER = ",\"SomeOtherThing\":\"";
    private static final String SUCCESS_TRUE = ",\"Success\":true}";
    private static final String SUCCESS_FALSE = ",\"Success\":false}";
    /** Ids of up to 18 digits cannot overflow a long; longer ones go to the full reader. */
    private static final int MAX_DIGITS = 18;

    private CanonicalReader() {
    }

    /** The message, or {@code null} when {@code text} is not in the canonical form. */
    static Message read(String text) {
        if (!text.startsWith(ID)) {
            return null;
        }
        int i = ID.length();
        boolean negative = i < text.length() && text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        int first = i;
        long id = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            id = id * 10 + (c - '0');
        }
        int digits = i - first;
        // A leading zero is not valid JSON: the full reader says so.
        if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && text.charAt(first) == '0')) {
            return null;
        }
        if (!text.startsWith(COMMAND, i)) {
            return null;
        }
        int start = i + COMMAND.length();
        int end = plainStringEnd(text, start);
        if (end < 0 || !text.startsWith(OTHER, end + 1)) {
            return null;
        }
        String command = text.substring(start, end);
        start = end + 1 + OTHER.length();
        end = plainStringEnd(text, start);
        if (end < 0) {
            return null;
        }
        String someOtherThing = text.substring(start, end);
        boolean success;
        if (text.startsWith(SUCCESS_FALSE, end + 1) && end + 1 + SUCCESS_FALSE.length() == text.length()) {
            success = false;
        } else if (text.startsWith(SUCCESS_TRUE, end + 1) && end + 1 + SUCCESS_TRUE.length() == text.length()) {
            success = true;
        } else {
            return null;
        }
        return new Message(negative ? -id : id, command, someOtherThing, success, null);
    }

    /** Where the string starting at {@code start} closes, or -1 if it holds an escape or a control character. */
    private static int plainStringEnd(String text, int start) {
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c < 0x20) {
                return -1;
            }
        }
        return -1;
    }
}
