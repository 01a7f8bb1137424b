package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.settings.SecuritySettings;
import dev.wscommands.settings.ServerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone server reachable from other machines without authentication says so in one WARNING at start; on
 * loopback, or with a token required, it says nothing. The decision for each kind of address, then real starts:
 * on 127.0.0.1, and on 0.0.0.0 for as long as a start takes, with and without a secret file.
 */
class OpenPortWarningTest {

    private static final String WARNING = "without authentication: anyone who reaches the port may run every command";

    /** Held here: a logger that nothing references may be collected, and the handler with it. */
    private final Logger logger = Logger.getLogger(StandaloneServer.class.getName());
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path dir;

    @BeforeEach
    void captureWarnings() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(handler);
    }

    @Test
    void everyAddressButLoopbackWarnsWithoutAuthentication() {
        for (String host : List.of("0.0.0.0", "::", "10.1.2.3", "192.168.0.10", "fd00::1")) {
            Optional<String> warning = OpenPortWarning.of(host, false);
            assertTrue(warning.isPresent(), host);
            assertEquals("listening on " + host + " " + WARNING + " (set --jwt-secret-file or --jwt-jwks-file)",
                    warning.get());
        }
        for (String host : List.of("127.0.0.1", "127.0.0.2", "::1", "localhost", "::ffff:127.0.0.1")) {
            assertEquals(Optional.empty(), OpenPortWarning.of(host, false), host);
        }
    }

    @Test
    void noAddressWarnsWithAuthentication() {
        for (String host : List.of("0.0.0.0", "::", "10.1.2.3", "127.0.0.1", "::1")) {
            assertEquals(Optional.empty(), OpenPortWarning.of(host, true), host);
        }
    }

    @Test
    void aServerOnLoopbackWithoutAuthenticationLogsNoWarning() throws Exception {
        start("127.0.0.1", SecuritySettings.defaults());
        assertEquals(List.of(), messages());
    }

    @Test
    void aServerOnEveryInterfaceWithoutAuthenticationLogsOneWarning() throws Exception {
        start("0.0.0.0", SecuritySettings.defaults());
        List<String> messages = messages();
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("listening on 0.0.0.0 " + WARNING), messages.get(0));
    }

    @Test
    void aServerOnEveryInterfaceWithASecretFileLogsNoWarning() throws Exception {
        Path secret = Files.writeString(dir.resolve("hmac.key"), "a-secret-of-thirty-two-bytes-or-more-0123",
                StandardCharsets.US_ASCII);
        start("0.0.0.0", SecuritySettings.defaults().withSecretFile(secret));
        assertEquals(List.of(), messages());
    }

    /** Starts a server with only the built-in commands on an ephemeral port of {@code host}, and stops it. */
    private static void start(String host, SecuritySettings security) throws Exception {
        try (StandaloneServer server = new StandaloneServer(new StandaloneSettings(host, 0, ServerSettings.defaults()),
                CommandCatalog.builtIn(), security)) {
            server.start();
        }
    }

    private List<String> messages() {
        return warnings.stream().map(LogRecord::getMessage).toList();
    }
}
