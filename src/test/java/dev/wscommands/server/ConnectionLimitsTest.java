package dev.wscommands.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionLimitsTest {

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;
    private final List<RawWebSocket> clients = new ArrayList<>();

    private void start(ServerSettings settings) throws IOException {
        server = running.start(settings);
    }

    @AfterEach
    void closeClients() throws IOException {
        for (RawWebSocket client : clients) {
            client.close();
        }
    }

    private RawWebSocket connect() throws IOException {
        return connectFrom(null);
    }

    /** Connects from {@code localAddress} (null: the system's choice, 127.0.0.1 here). */
    private RawWebSocket connectFrom(String localAddress) throws IOException {
        RawWebSocket client = RawWebSocket.connect(server.endpoint(), localAddress, null);
        clients.add(client);
        assertEquals(101, client.status());
        return client;
    }

    private void assertAnswers(RawWebSocket client) throws IOException {
        client.sendText("{\"RequestID\":1,\"Command\":\"heartbeat\"}");
        assertEquals("{\"RequestID\":1,\"Command\":\"\",\"SomeOtherThing\":\"\",\"Success\":true}", client.readText());
    }

    @Test
    void oneConnectionPastTheLimitIsClosedWith1013UntilOthersClose() throws IOException {
        start(ServerSettings.defaults().withMaxConnections(5, 256));
        for (int i = 0; i < 5; i++) {
            assertAnswers(connect());
        }
        RawWebSocket extra = connect();
        assertEquals(1013, extra.awaitCloseCode());

        clients.get(0).abort();
        clients.get(1).close();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().openSessions() == 3);
        assertAnswers(connect());
        assertAnswers(connect());
        assertEquals(1013, connect().awaitCloseCode());
    }

    @Test
    void theLimitPerAddressLeavesOtherAddressesServed() throws IOException {
        start(ServerSettings.defaults().withMaxConnections(100, 2));
        // The whole of 127.0.0.0/8 is loopback: a client bound to 127.0.0.2 reaches the server on 127.0.0.1 and is
        // another address to it.
        assertAnswers(connectFrom("127.0.0.1"));
        assertAnswers(connectFrom("127.0.0.1"));
        assertEquals(1013, connectFrom("127.0.0.1").awaitCloseCode());

        assertAnswers(connectFrom("127.0.0.2"));
        assertAnswers(connectFrom("127.0.0.2"));
        assertEquals(1013, connectFrom("127.0.0.2").awaitCloseCode(), "the other address has a limit of its own");
        assertEquals(4, server.sessions().openSessions());
    }

    @Test
    void countsStayExactUnderConcurrentOpensAndCloses() throws Exception {
        start(ServerSettings.defaults().withMaxConnections(1000, 1000));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> rounds = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                rounds.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        RawWebSocket client = RawWebSocket.connect(server.endpoint());
                        assertAnswers(client);
                        if (i % 2 == 0) {
                            client.abort();
                        } else {
                            client.close();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> round : rounds) {
                round.get();
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().openSessions() == 0);
    }
}
