package dev.wscommands.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.testing.TestKeystore;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Start-up errors of the standalone server: one line that names the setting or file and the problem, exit 2. */
class ServeCommandTest {

    @TempDir
    static Path keys;
    private static TestKeystore keystore;
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void createKeystore() throws Exception {
        keystore = TestKeystore.create(keys);
    }

    /** Runs the server's command line with {@code environment} in place of the process's. */
    private int run(Map<String, String> environment, String... args) {
        CommandLine commandLine = Main.commandLine();
        ((ServeCommand) commandLine.getCommand()).environment = environment::get;
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private void assertOneLineError(String expected, int exit) {
        assertEquals(2, exit, err.toString());
        assertEquals(expected + System.lineSeparator(), err.toString());
    }

    @Test
    void aShortSecretIsOneLineThatDoesNotShowItAndExit2() throws Exception {
        Path secret = Files.writeString(keys.resolve("short.key"), "tiny-secret");
        int exit = run(Map.of(), "--port", "0", "--jwt-secret-file", secret.toString());
        assertOneLineError("ws-commands: jwt-secret-file " + secret + " holds 11 bytes; an HMAC secret needs at least 32",
                exit);
    }

    @Test
    void aMissingSecretFileIsOneLineAndExit2() {
        Path missing = keys.resolve("missing.key");
        int exit = run(Map.of(), "--port", "0", "--jwt-secret-file", missing.toString());
        assertOneLineError("ws-commands: jwt-secret-file " + missing + " cannot be read (NoSuchFileException)", exit);
    }

    @Test
    void aJwksWithoutAPublicSigningKeyIsOneLineAndExit2() throws Exception {
        // An HMAC key in a key set is ignored: a key set is public.
        Path jwks = Files.writeString(keys.resolve("oct.json"),
                "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}]}");
        int exit = run(Map.of(), "--port", "0", "--jwt-jwks-file", jwks.toString());
        assertOneLineError("ws-commands: jwt-jwks-file " + jwks + " holds no RSA or EC (P-256, P-384) signing key", exit);
    }

    @Test
    void anOverrideOfAnUnknownCommandIsOneLineAndExit2() {
        int exit = run(Map.of(), "--port", "0", "--command-roles", "purge=admin");
        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().startsWith("ws-commands: command-roles names unknown command \"purge\"; known commands: "),
                err.toString());
        assertEquals(1, err.toString().lines().count());
    }

    @Test
    void aMissingKeystoreIsOneLineAndExit2() {
        Path missing = keys.resolve("missing.p12");
        int exit = run(Map.of(ServeCommand.TLS_PASSWORD_VARIABLE, "secret"),
                "--port", "0", "--tls-keystore", missing.toString());
        assertOneLineError("ws-commands: cannot use keystore " + missing + ": no such file", exit);
    }

    @Test
    void aWrongKeystorePasswordIsOneLineAndExit2() {
        int exit = run(Map.of(ServeCommand.TLS_PASSWORD_VARIABLE, "not-" + keystore.password()),
                "--port", "0", "--tls-keystore", keystore.path().toString());
        assertOneLineError("ws-commands: cannot use keystore " + keystore.path() + ": wrong password", exit);
    }

    @Test
    void aFileThatIsNoKeystoreIsOneLineAndExit2() throws Exception {
        Path text = Files.writeString(keys.resolve("notes.txt"), "not a keystore");
        int exit = run(Map.of(ServeCommand.TLS_PASSWORD_VARIABLE, "secret"),
                "--port", "0", "--tls-keystore", text.toString());
        assertOneLineError("ws-commands: cannot use keystore " + text + ": not a PKCS#12 keystore, or a wrong password", exit);
    }

    @Test
    void anUnknownCipherSuiteIsOneLineAndExit2() {
        int exit = run(Map.of(ServeCommand.TLS_PASSWORD_VARIABLE, keystore.password()),
                "--port", "0", "--tls-keystore", keystore.path().toString(), "--tls-cipher-suites", "TLS_NOPE");
        assertOneLineError("ws-commands: tls-cipher-suites: this Java runtime does not support TLS_NOPE", exit);
    }

    @Test
    void anInvalidLimitIsOneLineAndExit2() {
        assertOneLineError("ws-commands: max-connections must be at least 1, was 0",
                run(Map.of(), "--port", "0", "--max-connections", "0"));
    }

    @Test
    void aDurationThatOverflowsIsOneLineAndExit2() {
        assertOneLineError("ws-commands: send-timeout: \"9999999999999h\" is longer than the longest duration accepted,"
                + " 8760h", run(Map.of(), "--port", "0", "--send-timeout", "9999999999999h"));
    }

    @Test
    void anHttpTimeoutThatOverflowsIsOneLineAndExit2() {
        assertOneLineError("ws-commands: Invalid value for option '--keep-alive-timeout': \"9999999999999h\" is longer"
                + " than the longest duration accepted, 8760h",
                run(Map.of(), "--port", "0", "--keep-alive-timeout", "9999999999999h"));
    }

    @Test
    void anInvalidHttpLimitIsOneLineAndExit2() {
        assertOneLineError("ws-commands: request-head-timeout must be longer than 0",
                run(Map.of(), "--port", "0", "--request-head-timeout", "0s"));
    }
}
