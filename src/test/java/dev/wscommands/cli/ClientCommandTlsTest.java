package dev.wscommands.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import dev.wscommands.testing.RunningServer;
import dev.wscommands.testing.TestKeystore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code client --tls-truststore} against the standalone server serving {@code wss://}. */
class ClientCommandTlsTest {

    @TempDir
    static Path keys;
    private static TestKeystore keystore;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;

    @BeforeAll
    static void createKeystore() throws Exception {
        keystore = TestKeystore.create(keys);
    }

    @BeforeEach
    void start() throws Exception {
        server = running.start(StandaloneSettings.onPort(0).withTls(keystore.tls()));
    }

    /** Runs the command line with {@code environment} in place of the process's. */
    private int run(Map<String, String> environment, String... args) {
        CommandLine commandLine = Main.commandLine();
        ((ClientCommand) commandLine.getSubcommands().get("client").getCommand()).environment = environment::get;
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void trustStoreFromTheFlagWithItsPasswordFromTheEnvironment() {
        int exit = run(Map.of(ClientCommand.TLS_PASSWORD_VARIABLE, keystore.password()),
                "client", "--url", server.endpoint().toString(), "--count", "2", "--interval", "10ms",
                "--tls-truststore", keystore.path().toString());

        assertEquals(0, exit, err.toString());
        assertEquals("sent 2, answered 2, resent 0, failed 0, reconnects 0, unmatched 0",
                out.toString().lines().reduce((first, second) -> second).orElseThrow());
    }

    @Test
    void withoutATrustStoreTheUntrustedCertificateEndsTheRun() {
        int exit = run(Map.of(), "client", "--url", server.endpoint().toString(), "--count", "2", "--interval", "10ms");

        assertEquals(1, exit);
        assertTrue(out.toString().startsWith("failed: client gave up: the TLS handshake with 127.0.0.1:"),
                out.toString());
    }

    @Test
    void trustStoreWithoutItsPasswordIsAUsageError() {
        int exit = run(Map.of(), "client", "--url", server.endpoint().toString(), "--count", "1",
                "--tls-truststore", keystore.path().toString());

        assertEquals(2, exit);
        assertTrue(err.toString().contains("environment variable " + ClientCommand.TLS_PASSWORD_VARIABLE),
                err.toString());
    }
}
