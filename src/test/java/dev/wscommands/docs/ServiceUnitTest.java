package dev.wscommands.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The systemd unit the README installs ({@code docs/deploy/ws-commands.service}) is one systemd accepts:
 * {@code systemd-analyze verify} finds no unknown setting, bad value or missing program in it. Installing it
 * needs root and a running systemd, which a test does not have.
 */
class ServiceUnitTest {

    private static final Path UNIT = Path.of("docs", "deploy", "ws-commands.service");

    @Test
    void systemdAcceptsTheShippedUnit() {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
                "this test needs systemd-analyze (Debian's systemd package)");
        Shell.Result result = new Shell(Path.of("target", "docs", "systemd"))
                .run("systemd-analyze verify " + UNIT.toAbsolutePath(), "", Duration.ofSeconds(60));
        // systemd-analyze exits 0 on settings it ignores: any message at all is a fault in the unit.
        assertEquals("", result.output().strip(), "systemd-analyze verify " + UNIT);
        assertEquals(0, result.exitCode(), "exit code of systemd-analyze verify " + UNIT);
    }
}
