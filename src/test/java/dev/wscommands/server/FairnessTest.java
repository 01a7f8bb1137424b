package dev.wscommands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import dev.wscommands.testing.RecordingClient;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FairnessTest {

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;

    @BeforeEach
    void start() throws IOException {
        server = running.start();
    }

    @Test
    void aFloodingConnectionDoesNotStarveABystander() throws Exception {
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong flooded = new AtomicLong();
        try (RawWebSocket flooder = RawWebSocket.connect(server.endpoint());
             RecordingClient bystander = RecordingClient.connect(server.endpoint())) {
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> readAll(flooder, flooding, flooded));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> flood(flooder, flooding));

            long worst = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            int id = 0;
            while (System.nanoTime() < until) {
                id++;
                long start = System.nanoTime();
                bystander.send(MessageJson.write(Message.request(id, "Eject the hot dog.")));
                assertEquals(id, MessageJson.read(bystander.next()).requestId());
                worst = Math.max(worst, System.nanoTime() - start);
            }
            flooding.set(false);
            writer.get(30, TimeUnit.SECONDS);
            System.out.println("bystander: " + id + " replies, worst round trip " + worst / 1_000 + " us, while the flooder "
                    + "got " + flooded.get() + " replies");
            assertTrue(flooded.get() > 1000, "the flood did not happen: " + flooded.get());
            assertTrue(worst < TimeUnit.SECONDS.toNanos(2), "worst bystander round trip " + worst / 1_000 + " us");
            reader.cancel(true);
        }
    }

    private static void flood(RawWebSocket flooder, AtomicBoolean flooding) {
        byte[] bytes = RawWebSocket.pipelined(1, 200, id -> "{\"RequestID\":1,\"Command\":\"Eject the hot dog.\"}");
        try {
            while (flooding.get()) {
                flooder.write(bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException("flooder cut off", e);
        }
    }

    private static void readAll(RawWebSocket flooder, AtomicBoolean flooding, AtomicLong count) {
        try {
            while (flooding.get()) {
                flooder.readText();
                count.incrementAndGet();
            }
        } catch (IOException e) {
            // closed at the end of the test
        }
    }
}
