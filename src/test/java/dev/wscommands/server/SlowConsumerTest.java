package dev.wscommands.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RecordingClient;
import dev.wscommands.testing.RunningServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlowConsumerTest {

    private static final int REQUESTS = 100_000;

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;

    @BeforeEach
    void start() throws IOException {
        server = running.start(ServerSettings.defaults().withOutboundLimits(1024, Duration.ofSeconds(2)));
    }

    @Test
    void aClientThatNeverReadsIsClosedAndItsMemoryReleasedWhileOthersAreServed() throws Exception {
        long heapBefore = heapAfterGc();
        try (RawWebSocket hog = RawWebSocket.connect(server.endpoint());
             RecordingClient bystander = RecordingClient.connect(server.endpoint())) {
            CompletableFuture<Integer> written = CompletableFuture.supplyAsync(() -> sendWithoutReading(hog));

            int answered = 0;
            while (!written.isDone() || server.sessions().openSessions() > 1) {
                bystander.send(MessageJson.write(Message.request(answered, "heartbeat")));
                assertEquals(answered, MessageJson.read(bystander.next()).requestId());
                answered++;
                if (answered > 100_000) {
                    break;
                }
            }
            int sent = written.get(60, TimeUnit.SECONDS);
            System.out.println("hog wrote " + sent + " of " + REQUESTS + " requests before the server closed it; "
                    + "bystander got " + answered + " replies meanwhile");
            assertTrue(sent < REQUESTS || server.sessions().openSessions() == 1, "hog still connected");
            await().atMost(Duration.ofSeconds(30)).until(() -> server.sessions().openSessions() == 1);
            hog.awaitEndOfStream();
            assertTrue(bystander.isOpen());
        }
        long heapAfter = heapAfterGc();
        System.out.println("heap after GC: " + heapBefore / 1024 + " KiB before, " + heapAfter / 1024 + " KiB after");
        assertTrue(heapAfter < heapBefore + 32 * 1024 * 1024,
                "heap grew from " + heapBefore + " to " + heapAfter + " bytes");
    }

    /** Writes requests in batches and never reads; returns how many were written before the server hung up. */
    private static int sendWithoutReading(RawWebSocket hog) {
        int sent = 0;
        try {
            while (sent < REQUESTS) {
                hog.write(RawWebSocket.pipelined(sent + 1, sent + 1000,
                        id -> "{\"RequestID\":" + id + ",\"Command\":\"Eject the hot dog.\"}"));
                sent += 1000;
            }
        } catch (IOException closedByServer) {
            // the server closed the connection: what this test expects
        }
        return sent;
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
