package dev.wscommands.cli;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.logging.LogManager;
import picocli.CommandLine;

/** Entry point of {@code java -jar ws-commands.jar}: the standalone server, or one of the tools. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        configureLogging();
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, as {@code main} runs it. */
    static CommandLine commandLine() {
        return new CommandLine(new ServeCommand())
                .addSubcommand("client", new ClientCommand())
                .addSubcommand(new BenchCommand())
                .addSubcommand(new CdsTrainingCommand())
                .addSubcommand(new TokenCommand())
                // After the subcommands: picocli gives a converter only to the subcommands present when registered.
                .registerConverter(Duration.class, new DurationConverter())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::invalidArguments);
    }

    /**
     * A flag's value that cannot be used is one line that names the flag, and exit 2, as every other invalid
     * setting; an unknown flag or a missing value also shows the usage, to find the right one.
     */
    private static int invalidArguments(CommandLine.ParameterException invalid, String[] args) {
        CommandLine command = invalid.getCommandLine();
        java.io.PrintWriter err = command.getErr();
        if (invalid instanceof CommandLine.UnmatchedArgumentException
                || invalid instanceof CommandLine.MissingParameterException) {
            err.println(invalid.getMessage());
            command.usage(err);
        } else {
            err.println("ws-commands: " + invalid.getMessage());
        }
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Uses the shipped one-line log format unless the user chose a configuration of their own. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream config = Main.class.getResourceAsStream("/logging.properties")) {
            if (config != null) {
                LogManager.getLogManager().readConfiguration(config);
            }
        } catch (IOException e) {
            System.err.println("ws-commands: default logging configuration not loaded: " + e.getMessage());
        }
    }
}
