package dev.wscommands.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RateLimitTest {

    private static final int RATE = 50;

    @RegisterExtension
    final RunningServer running = new RunningServer();
    private StandaloneServer server;

    @BeforeEach
    void start() throws IOException {
        server = running.start(ServerSettings.defaults().withRateLimit(new RateLimit(RATE)));
    }

    @Test
    void overTheLimitGetsErrorRepliesAndFarOverItIsClosedWith1008() throws IOException {
        try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
            client.write(RawWebSocket.pipelined(1, 10 * RATE,
                    id -> "{\"RequestID\":" + id + ",\"Command\":\"heartbeat\"}"));

            int allowed = 0;
            int refused = 0;
            while (true) {
                RawWebSocket.Frame frame = client.readFrame();
                if (frame.opcode() == RawWebSocket.OPCODE_CLOSE) {
                    assertEquals(1008, frame.closeCode());
                    break;
                }
                Message reply = MessageJson.read(frame.text());
                if (reply.success()) {
                    allowed++;
                } else {
                    assertTrue(allowed >= RATE, "refused before one second's worth: " + allowed);
                    assertEquals("rate limit exceeded: at most 50/s requests per connection", reply.error());
                    refused++;
                }
            }
            System.out.println("rate limit " + RATE + "/s: " + allowed + " allowed, " + refused + " refused, then 1008");
            // The bucket starts with one second's worth; what refills while the burst is read (more on a busy
            // machine) passes too, but far less than the burst.
            assertTrue(allowed >= RATE && allowed < 3 * RATE, "allowed " + allowed);
            assertTrue(refused > 0, "none refused");
        }
    }
}
