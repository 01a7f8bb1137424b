package dev.wscommands.bench;

import java.util.Locale;

/** Builds one flat JSON object on one line: numbers, strings and nulls, in the order they are added. */
final class JsonLine {

    private final StringBuilder json = new StringBuilder("{");

    JsonLine add(String name, long value) {
        return raw(name, Long.toString(value));
    }

    JsonLine add(String name, boolean value) {
        return raw(name, Boolean.toString(value));
    }

    JsonLine add(String name, double value) {
        return raw(name, Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null");
    }

    /** A number, or {@code null} when the figure is unknown (negative). */
    JsonLine addKnown(String name, double value) {
        return value < 0 ? raw(name, "null") : add(name, value);
    }

    JsonLine add(String name, String value) {
        return raw(name, quoted(value));
    }

    /** {@code value} as a JSON string, in quotes, with quotes, backslashes and control characters escaped. */
    static String quoted(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private JsonLine raw(String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":").append(value);
        return this;
    }

    @Override
    public String toString() {
        return json + "}";
    }
}
