package dev.wscommands.settings;

import java.util.Locale;

/**
 * A per-connection request rate, written {@code 500/s} or {@code 30/m}.
 *
 * @param perSecond requests allowed per second, on average; bursts of one second's worth are allowed
 */
public record RateLimit(double perSecond) {

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate-limit must be positive, was " + perSecond);
        }
    }

    /**
     * Parses {@code N/s}, {@code N/m} or {@code N/h}.
     *
     * @throws IllegalArgumentException naming the setting when the text is not such a rate
     */
    public static RateLimit parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/");
        if (parts.length == 2) {
            try {
                double count = Double.parseDouble(parts[0].trim());
                switch (parts[1].trim()) {
                    case "s" -> {
                        return new RateLimit(count);
                    }
                    case "m" -> {
                        return new RateLimit(count / 60);
                    }
                    case "h" -> {
                        return new RateLimit(count / 3600);
                    }
                    default -> {
                        // fall through to the error below
                    }
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("rate-limit must look like 500/s, 30/m or 100/h, was \"" + text + "\"");
    }

    @Override
    public String toString() {
        return (perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond)) + "/s";
    }
}
