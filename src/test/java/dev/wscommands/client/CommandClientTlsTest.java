package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import dev.wscommands.testing.RunningServer;
import dev.wscommands.testing.TestKeystore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The client over {@code wss://} to the standalone server with a keystore made by the test. */
class CommandClientTlsTest {

    private static final Duration TIMEOUT = RecordingListener.TIMEOUT;

    @TempDir
    static Path keys;
    private static TestKeystore keystore;

    private final RecordingListener events = new RecordingListener();
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

    private ClientSettings settings() {
        return ClientSettings.defaults(server.endpoint())
                .withReconnect(Backoff.of(Duration.ofMillis(20), Duration.ofMillis(100)), Duration.ofSeconds(10))
                .withConnectTimeout(Duration.ofSeconds(5));
    }

    @Test
    void answersOverWssWithTheServersCertificateInTheTrustStore() throws Exception {
        assertEquals("wss", server.endpoint().getScheme());
        ClientSettings settings = settings().withTls(TrustStore.load(keystore.path(), keystore.password().toCharArray()));
        try (CommandClient client = CommandClient.connect(settings, events)) {
            for (int i = 1; i <= 3; i++) {
                assertEquals(Message.success(i, "The hot dog left the castle as requested."),
                        client.send("Eject the hot dog.").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            assertEquals("1", events.await("connected").detail());
        }
    }

    @Test
    void givesUpAtOnceWhenTheServersCertificateIsNotTrusted() throws Exception {
        try (CommandClient client = CommandClient.connect(settings(), events)) {
            CompletableFuture<Message> reply = client.send("Eject the hot dog.");

            // Stopped at the first failure, without a single retry.
            RecordingListener.Event first = events.next();
            assertEquals("stopped", first.kind(), first.toString());
            String why = first.detail();
            assertTrue(why.startsWith("the TLS handshake with 127.0.0.1:" + server.port() + " failed: "), why);
            assertTrue(why.endsWith("retrying cannot help (is the certificate in the trust store, and does it name this host?)"), why);
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(IllegalStateException.class, failed.getCause());
            assertTrue(client.terminated().isCompletedExceptionally());
            events.assertNoEventWithin(Duration.ofMillis(300));
        }
        assertEquals(0, server.sessions().openSessions());
    }

    @Test
    void givesUpAtOnceWhenTheTrustedCertificateDoesNotNameTheHost() throws Exception {
        // The certificate names 127.0.0.1 and localhost; 127.0.0.2 is the same machine under another name.
        server.close();
        server = running.start(new StandaloneSettings("127.0.0.2", 0, ServerSettings.defaults())
                .withTls(keystore.tls()));
        ClientSettings settings = settings().withTls(TrustStore.load(keystore.path(), keystore.password().toCharArray()));
        try (CommandClient client = CommandClient.connect(settings, events)) {
            RecordingListener.Event first = events.next();
            assertEquals("stopped", first.kind(), first.toString());
            assertTrue(first.detail().contains("127.0.0.2"), first.detail());
        }
    }

    @Test
    void aWrongTrustStorePasswordNamesTheFileButNotThePassword() {
        IOException failure = assertThrows(IOException.class,
                () -> TrustStore.load(keystore.path(), ("not-" + keystore.password()).toCharArray()));
        assertTrue(failure.getMessage().startsWith("cannot use trust store " + keystore.path()), failure.getMessage());
        assertTrue(!failure.getMessage().contains(keystore.password()), "the password must not be shown");
    }
}
