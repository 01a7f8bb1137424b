package dev.wscommands.server;

import java.util.function.Function;

/**
 * Builds {@link ServerSettings} from named string values: servlet context parameters or environment
 * variables. A missing value keeps its default; an invalid one is refused with a message naming the setting.
 */
public final class SettingsReader {

    /** The setting names, as context parameters (and, upper-cased with {@code _}, as environment variables). */
    public static final String MAX_MESSAGE_SIZE = "max-message-size";

    private SettingsReader() {
    }

    /**
     * Reads every setting through {@code lookup}, which answers {@code null} for a value not given.
     *
     * @throws IllegalArgumentException naming the setting whose value is invalid
     */
    public static ServerSettings read(Function<String, String> lookup) {
        ServerSettings defaults = ServerSettings.defaults();
        int maxMessageSize = intValue(lookup, MAX_MESSAGE_SIZE, defaults.maxMessageSize());
        return new ServerSettings(maxMessageSize);
    }

    private static int intValue(Function<String, String> lookup, String name, int fallback) {
        String value = lookup.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was \"" + value + "\"");
        }
    }
}
