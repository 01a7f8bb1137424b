package dev.wscommands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RecordingClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FairnessTest {

    private StandaloneServer server;

    @BeforeEach
    void start() throws IOException {
        server = new StandaloneServer(StandaloneSettings.onPort(0));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
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
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            batch.writeBytes(RawWebSocket.frame(RawWebSocket.OPCODE_TEXT,
                    "{\"RequestID\":1,\"Command\":\"Eject the hot dog.\"}".getBytes(StandardCharsets.UTF_8)));
        }
        byte[] bytes = batch.toByteArray();
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
