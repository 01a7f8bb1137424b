package dev.wscommands.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeadPeerTest {

    private static final Duration PING_INTERVAL = Duration.ofSeconds(1);

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;
    private final List<RawWebSocket> clients = new ArrayList<>();

    private void start(Duration ping, Duration idle) throws IOException {
        server = running.start(ServerSettings.defaults().withMaxConnections(5000, 5000).withTimeouts(ping, idle));
    }

    @AfterEach
    void closeClients() throws IOException {
        for (RawWebSocket client : clients) {
            client.close();
        }
    }

    private void open(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            RawWebSocket client = RawWebSocket.connect(server.endpoint());
            assertEquals(101, client.status());
            client.answerPingsInBackground();
            clients.add(client);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.sessions().openSessions() == count);
    }

    @Test
    void aThousandPeersThatGoSilentWithTheirConnectionsUpAreClosedWithinTwoPingIntervals() throws Exception {
        start(PING_INTERVAL, Duration.ZERO);
        int count = 1000;
        open(count);
        long start = System.nanoTime();
        // No reset and no FIN: the TCP connections stay up and the kernel still acknowledges, exactly as behind a
        // dead network path or a frozen process. Only the missing pongs can tell.
        for (RawWebSocket client : clients) {
            client.goSilent();
        }
        // Two intervals, and time to close a thousand sessions on a busy machine.
        await().atMost(PING_INTERVAL.multipliedBy(2).plusSeconds(5))
                .until(() -> server.sessions().openSessions() == 0);
        System.out.println(count + " silent peers closed after " + (System.nanoTime() - start) / 1_000_000
                + " ms (ping interval " + PING_INTERVAL.toMillis() + " ms)");
        assertEquals(count, Metrics.scrape(server.metrics()).value("ws_commands_pongs_missed_total"),
                "closed for their missing pongs, not for any other reason");
    }

    @Test
    void peersThatAnswerPingsStayOpen() throws IOException {
        start(Duration.ofMillis(200), Duration.ZERO);
        open(20);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> server.sessions().openSessions() == 20);
    }

    @Test
    void idleSessionsAreClosedWith1001() throws IOException {
        start(Duration.ZERO, Duration.ofMillis(300));
        RawWebSocket client = RawWebSocket.connect(server.endpoint());
        clients.add(client);
        assertEquals(1001, client.awaitCloseCode());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.sessions().openSessions() == 0);
    }
}
