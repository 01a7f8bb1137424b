package dev.wscommands.war;

import static dev.wscommands.war.MessageSizeProbe.ANSWERED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.docs.Readme;
import dev.wscommands.docs.Shell;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's {@code asadmin} override steps, run as written against the GlassFish and Payara domains that the
 * build started: "asadmin-override" raises {@code max-message-size} and restarts the application,
 * "asadmin-override-undo" brings back the WAR's value (so the other checks of these containers see the WAR as
 * built). {@code GLASSFISH_HOME} names each distribution (for Payara too: the README's "same commands with
 * {@code $PAYARA_HOME}"); the domain's admin port and login, which {@code asadmin start-domain} would have
 * made the defaults, come from {@code AS_ADMIN_*} variables, asadmin's own.
 */
class GlassFishOverrideIT {

    private static final Duration ASADMIN = Duration.ofMinutes(4);
    private static final int DEFAULT_LIMIT = 65536;
    private static final int OVERRIDDEN_LIMIT = 131072;

    /** A domain the build started: its distribution, admin port and HTTP port (from pom.xml). */
    record Domain(String name, Path home, int adminPort, int httpPort) {

        URI endpoint() {
            return URI.create("ws://127.0.0.1:" + httpPort + "/ws-commands/server");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Domain> domains() {
        return List.of(domain("GlassFish 7", "glassfish"), domain("Payara Server 6", "payara"));
    }

    private static Domain domain(String name, String key) {
        String home = System.getProperty("ws-commands.it." + key + "-home", "");
        assertTrue(!home.isBlank() && Files.isRegularFile(Path.of(home, "bin", "asadmin")),
                "-Dws-commands.it." + key + "-home should name the unpacked distribution (the war-containers profile "
                        + "sets it), was \"" + home + "\"");
        // unzip keeps the script's execute bit; Cargo's unpacking does not.
        assertTrue(Path.of(home, "bin", "asadmin").toFile().setExecutable(true), "chmod +x " + home + "/bin/asadmin");
        return new Domain(name, Path.of(home).toAbsolutePath(), Integer.getInteger("ws-commands.it." + key + "-admin-port"),
                Integer.getInteger("ws-commands.it." + key + "-port"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("domains")
    void theDocumentedOverrideAppliesAndTheDocumentedUndoRemovesIt(Domain domain) throws Exception {
        Readme readme = Readme.load();
        Shell shell = asadmin(domain);
        int overDefault = DEFAULT_LIMIT + 1024;
        assertEquals("closed with 1009", MessageSizeProbe.outcome(domain.endpoint(), overDefault),
                "before the override, a message over the WAR's own limit");
        try {
            shell.runOk(readme.block("asadmin-override"), ASADMIN);
            assertAll(
                    () -> assertEquals(ANSWERED, MessageSizeProbe.outcome(domain.endpoint(), overDefault),
                            "after the override, a message over the WAR's limit, under the override's"),
                    () -> assertEquals("closed with 1009",
                            MessageSizeProbe.outcome(domain.endpoint(), OVERRIDDEN_LIMIT + 1024),
                            "after the override, a message over the override's limit"));
        } finally {
            shell.runOk(readme.block("asadmin-override-undo"), ASADMIN);
        }
        assertEquals("closed with 1009", MessageSizeProbe.outcome(domain.endpoint(), overDefault),
                "after the undo, a message over the WAR's own limit");
    }

    /** A shell in which the README's {@code $GLASSFISH_HOME/bin/asadmin} reaches this domain. */
    private static Shell asadmin(Domain domain) throws IOException {
        Path directory = Path.of("target", "docs", "asadmin-" + domain.adminPort());
        Shell shell = Shell.inFreshDirectory(directory);
        Path passwords = shell.directory().resolve("admin-password");
        Files.writeString(passwords, "AS_ADMIN_PASSWORD=" + System.getProperty("ws-commands.it.asadmin-password") + "\n");
        return shell.set("GLASSFISH_HOME", domain.home().toString())
                .set("AS_ADMIN_HOST", "127.0.0.1")
                .set("AS_ADMIN_PORT", String.valueOf(domain.adminPort()))
                .set("AS_ADMIN_USER", System.getProperty("ws-commands.it.asadmin-user"))
                .set("AS_ADMIN_PASSWORDFILE", passwords.toString());
    }
}
