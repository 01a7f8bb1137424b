package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.RecordingClient;
import dev.wscommands.testing.TestKeystore;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

    private static TestKeystore keystore;
    private StandaloneServer server;

    @BeforeAll
    static void createKeystore(@TempDir Path keys) throws Exception {
        keystore = TestKeystore.create(keys);
    }

    @BeforeEach
    void start() throws Exception {
        server = new StandaloneServer(StandaloneSettings.onPort(0)
                .withTls(new TlsSettings(keystore.path(), keystore.password())));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesWssToAClientThatTrustsTheCertificate() throws Exception {
        assertEquals("wss", server.endpoint().getScheme());
        ClientManager client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR,
                new SslEngineConfigurator(keystore.clientContext()));
        CompletableFuture<String> reply = new CompletableFuture<>();
        Session session = client.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) reply::complete);
            }
        }, ClientEndpointConfig.Builder.create().build(), server.endpoint());
        try {
            session.getBasicRemote().sendText(MessageJson.write(Message.request(3, "Eject the hot dog.")));
            assertEquals(Message.success(3, "The hot dog left the castle as requested."),
                    MessageJson.read(reply.get(RecordingClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
        } finally {
            session.close();
        }
    }

    @Test
    void servesHealthOverHttps() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(keystore.clientContext()).build();
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(server.health())
                .timeout(RecordingClient.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("https", server.health().getScheme());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().startsWith("{\"status\":\"UP\""), health.body());
    }

    @Test
    void plainWebSocketToTheTlsPortFailsAndTheServerStaysUp() throws Exception {
        URI plain = URI.create("ws://127.0.0.1:" + server.port() + "/server");
        ClientManager client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, 10_000);
        assertThrows(DeploymentException.class, () -> client.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                // never reached
            }
        }, ClientEndpointConfig.Builder.create().build(), plain));
        // The refused client left nothing behind: no session, and TLS clients are still served.
        assertEquals(0, server.sessions().openSessions());
        servesWssToAClientThatTrustsTheCertificate();
    }

    @Test
    void refusesToStartWithAWrongKeystorePassword() {
        server.close();
        StandaloneServer wrong = new StandaloneServer(StandaloneSettings.onPort(0)
                .withTls(new TlsSettings(keystore.path(), "not-" + keystore.password())));
        IOException failure = assertThrows(IOException.class, wrong::start);
        assertTrue(failure.getMessage().contains(keystore.path().toString()), failure.getMessage());
        assertTrue(!failure.getMessage().contains(keystore.password()), "the password must not be shown");
    }
}
