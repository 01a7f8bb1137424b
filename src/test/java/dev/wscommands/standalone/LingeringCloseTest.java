package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscommands.settings.RateLimit;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A close that the server begins while the client's requests are still unread in its socket: the close frame
 * must reach a client that reads late. Closing such a socket at once makes the kernel answer with a reset, which
 * discards what the client had not read yet, the close frame included, and the client sees a dropped connection
 * (1006) where the server said 1008.
 */
class LingeringCloseTest {

    private static final int RUNS = 20;
    /** Far over the rate limit, and more than the server reads before it closes. */
    private static final byte[] FLOOD = RawWebSocket.pipelined(1, 20_000,
            id -> "{\"RequestID\":" + id + ",\"Command\":\"heartbeat\"}");

    @RegisterExtension
    final RunningServer running = new RunningServer();

    @Test
    void aClientFarOverTheRateLimitReadsThe1008CloseEvenWhenItReadsLate() throws Exception {
        StandaloneServer server = running.start(ServerSettings.defaults().withRateLimit(RateLimit.parse("10/s")));
        List<String> lost = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
                CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                    try {
                        client.write(FLOOD);
                    } catch (IOException closed) {
                        // the server stopped reading and closed: expected
                    }
                });
                Thread.sleep(500);
                try {
                    int code = client.awaitCloseCode();
                    if (code != 1008) {
                        lost.add("run " + run + ": close code " + code);
                    }
                } catch (IOException e) {
                    lost.add("run " + run + ": " + e);
                }
                writing.cancel(true);
            }
        }
        assertEquals(List.of(), lost, "runs whose client did not read the server's 1008");
    }
}
