package dev.wscommands.session;

/** UTF-8 sizes of text, without encoding it. */
public final class Utf8 {

    private Utf8() {
    }

    /** Whether {@code text} takes more than {@code limit} bytes in UTF-8. */
    public static boolean exceeds(String text, int limit) {
        int length = text.length();
        if (length > limit) {
            return true;
        }
        if ((long) length * 3 <= limit) {
            return false; // no character takes more than three bytes per UTF-16 unit
        }
        long bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
            if (bytes > limit) {
                return true;
            }
        }
        return false;
    }
}
