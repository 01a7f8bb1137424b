package dev.wscommands.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wscommands.client.ClientSettings;
import dev.wscommands.client.CommandClient;
import dev.wscommands.protocol.Message;
import dev.wscommands.settings.SecuritySettings;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against a server with authentication: its token supplier, expiry and a refused token. */
class BearerTokenClientTest {

    @RegisterExtension
    final RunningServer servers = new RunningServer();
    @TempDir
    Path dir;

    private final byte[] secret = TestTokens.newSecret();

    private StandaloneServer start() throws Exception {
        return servers.start(ServerSettings.defaults(), AuthCommands.catalog(), SecuritySettings.defaults()
                .withSecretFile(TestTokens.write(dir.resolve("s.key"), secret)).withClockSkew(Duration.ZERO));
    }

    private static ClientSettings settings(StandaloneServer server) {
        return ClientSettings.defaults(server.endpoint()).withReconnect(
                dev.wscommands.client.Backoff.of(Duration.ofMillis(50), Duration.ofMillis(200)), Duration.ofSeconds(1));
    }

    @Test
    void reconnectsWithTheSuppliersNextTokenWhenTheServerClosesAtExpiry() throws Exception {
        StandaloneServer server = start();
        AtomicInteger asked = new AtomicInteger();
        // The first token lives four seconds (exp counts whole seconds: three to four); the ones after it an hour,
        // each named by how often the supplier was asked.
        ClientSettings settings = settings(server).withBearerToken(() -> {
            int n = asked.incrementAndGet();
            Instant exp = Instant.now().plus(n == 1 ? Duration.ofSeconds(4) : Duration.ofHours(1));
            try {
                return TestTokens.hs256(secret, new JWTClaimsSet.Builder(TestTokens.claims("alice-" + n, List.of("ops"),
                        Duration.ofHours(1)).build()).expirationTime(Date.from(exp)).build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (CommandClient client = CommandClient.connect(settings)) {
            assertEquals("alice-1 [ops]", client.send("whoami").get(10, TimeUnit.SECONDS).someOtherThing());
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            String who;
            do {
                Message reply = client.send("whoami").get(10, TimeUnit.SECONDS);
                who = reply.someOtherThing();
                if (who.equals("alice-1 [ops]")) {
                    Thread.sleep(200);
                }
            } while (who.equals("alice-1 [ops]") && System.nanoTime() < deadline);
            assertEquals("alice-2 [ops]", who, "after the 1008 at expiry, the next connection carries the next token");
            assertTrue(!client.terminated().isDone(), "the client goes on");
        }
    }

    @Test
    void aRefusedTokenStopsTheClientSayingSo() throws Exception {
        StandaloneServer server = start();
        try (CommandClient client = CommandClient.connect(settings(server).withBearerToken(() -> "not-a-token"))) {
            ExecutionException stopped = assertThrows(ExecutionException.class,
                    () -> client.terminated().get(20, TimeUnit.SECONDS));
            assertTrue(stopped.getCause().getMessage().contains("the server refused the token: malformed token"),
                    stopped.getCause().getMessage());
        }
    }

    @Test
    void withoutATokenTheClientStopsAtOnceSayingOneIsRequired() throws Exception {
        StandaloneServer server = start();
        try (CommandClient client = CommandClient.connect(settings(server))) {
            ExecutionException stopped = assertThrows(ExecutionException.class,
                    () -> client.terminated().get(5, TimeUnit.SECONDS));
            assertTrue(stopped.getCause().getMessage().contains("the server requires a bearer token (HTTP 401)"),
                    stopped.getCause().getMessage());
        }
    }
}
