package dev.wscommands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.EchoCommand;
import dev.wscommands.testing.ForkedServer;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RecordingClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replies that their clients do not read, against a server whose heap is small (its own JVM, {@code -Xmx96m}):
 * five connections from one address each pipeline a thousand requests whose replies are 60 KB (60 MB per
 * connection, if the server kept them), and a bystander that reads must go on being answered.
 */
class ReplyMemoryTest {

    private static final String ARGUMENT = "x".repeat(60_000);

    @Test
    void fiveNonReadingFloodsDoNotTakeTheHeapAndABystanderIsStillAnswered(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        try (ForkedServer server = ForkedServer.start("-Xmx96m", Map.of("send-timeout", "5s"), log);
             RecordingClient bystander = RecordingClient.connect(server.endpoint())) {
            byte[] flood = RawWebSocket.pipelined(1, 1000, id -> EchoCommand.request(id, ARGUMENT));
            List<RawWebSocket> hogs = new ArrayList<>();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                RawWebSocket hog = RawWebSocket.connect(server.endpoint());
                hogs.add(hog);
                writes.add(CompletableFuture.runAsync(() -> {
                    try {
                        hog.write(flood);
                    } catch (IOException cut) {
                        // closed by the server: expected
                    }
                }));
            }
            long id = 0;
            CompletableFuture<Void> all = CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
            while (!all.isDone() || id < 20) {
                bystander.send(MessageJson.write(Message.request(++id, "heartbeat")));
                assertEquals(Message.success(id, ""), MessageJson.read(bystander.next()), "bystander's reply " + id);
            }
            all.get(60, TimeUnit.SECONDS);
            for (RawWebSocket hog : hogs) {
                hog.abort();
            }
            bystander.send(MessageJson.write(Message.request(++id, "heartbeat")));
            assertEquals(Message.success(id, ""), MessageJson.read(bystander.next()));
            assertTrue(server.alive());
            String logged = Files.readString(log);
            assertFalse(logged.contains("OutOfMemoryError"), logged);
            assertTrue(logged.contains("closed with 1008 (too many unread replies)"), logged);
        }
    }
}
