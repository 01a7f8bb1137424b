package dev.wscommands.cli;

import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ws-commands cds-training}: the training run behind the class-data-sharing archive that the build writes
 * ({@code target/ws-commands.jsa}). It starts the standalone server on a free loopback port (warm-up included),
 * sends one request with the one-shot client, and stops, so that a JVM started with
 * {@code -XX:ArchiveClassesAtExit} archives the classes a server and a client load. Hidden from the help: it
 * serves the build and the deployment notes, not users.
 */
@Command(name = "cds-training", hidden = true,
        description = "Starts a server on a free loopback port, sends it one request with the client, and stops.")
final class CdsTrainingCommand implements Callable<Integer> {

    /** Held here because the log manager keeps loggers only weakly, and with them a level set on one. */
    private Logger serviceLogger;

    @Override
    public Integer call() throws Exception {
        // A build runs this: its log would only be noise there; warnings still show.
        serviceLogger = Logger.getLogger(ServeCommand.SERVICE_LOGGER);
        serviceLogger.setLevel(Level.WARNING);
        try (StandaloneServer server = new StandaloneServer(StandaloneSettings.onPort(0)).warmingUp()) {
            server.start();
            CommandLine client = Main.commandLine();
            client.setOut(new PrintWriter(Writer.nullWriter()));
            return client.execute("client", "--url", server.endpoint().toString(), "--count", "1");
        }
    }
}
