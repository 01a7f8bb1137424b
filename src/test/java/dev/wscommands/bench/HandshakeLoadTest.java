package dev.wscommands.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.auth.TokenIssuer;
import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.settings.SecuritySettings;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.RunningServer;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --handshakes} against a real server with authentication: with the token every churn succeeds. */
class HandshakeLoadTest {

    @RegisterExtension
    final RunningServer servers = new RunningServer();

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void opensUsesAndClosesConnectionsWithTheTokenAndCountsRefusalsWithout(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("s.key"), "handshake-load-test-secret-0123456789");
        StandaloneServer server = servers.start(ServerSettings.defaults(), CommandCatalog.builtIn(),
                SecuritySettings.defaults().withSecretFile(secret));
        LoadPlan plan = new LoadPlan(server.endpoint(), 2, 1, Duration.ofSeconds(1), Duration.ofMillis(200),
                OptionalLong.empty());
        String token = TokenIssuer.withSecretFile(secret).issue("bench", List.of(), "groups", Duration.ofMinutes(5),
                Optional.empty(), Optional.empty());

        HandshakeReport with = new HandshakeLoad(plan, token, QUIET).run();
        assertTrue(with.completed() > 0 && with.allSucceeded(), with.text());

        HandshakeReport without = new HandshakeLoad(plan, null, QUIET).run();
        assertEquals(0, without.completed(), without.text());
        assertTrue(without.failed() > 0 && without.firstFailure().contains("401"), without.text());
    }
}
