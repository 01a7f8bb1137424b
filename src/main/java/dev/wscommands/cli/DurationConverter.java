package dev.wscommands.cli;

import dev.wscommands.settings.SettingsReader;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations on the command line as the server's settings do: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return SettingsReader.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
