package dev.wscommands.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import dev.wscommands.testing.RawWebSocket;
import java.net.URI;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void everyClientGetsGoingAwayAndRequestsAlreadyReceivedAreAnswered() throws Exception {
        StandaloneServer server = new StandaloneServer(StandaloneSettings.onPort(0));
        server.start();
        URI endpoint = server.endpoint();
        List<RawWebSocket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                clients.add(RawWebSocket.connect(server.endpoint()));
            }
            RawWebSocket busy = clients.get(0);
            busy.write(RawWebSocket.pipelined(1, 500, id -> "{\"RequestID\":" + id + ",\"Command\":\"Eject the hot dog.\"}"));
            // The first reply proves the server is working through the burst when the shutdown begins.
            assertEquals(1, MessageJson.read(busy.readText()).requestId());

            server.close();

            long expected = 2;
            while (true) {
                RawWebSocket.Frame frame = busy.readFrame();
                if (frame.opcode() == RawWebSocket.OPCODE_CLOSE) {
                    assertEquals(1001, frame.closeCode());
                    break;
                }
                Message reply = MessageJson.read(frame.text());
                assertEquals(expected++, reply.requestId(), "replies in order, none dropped before the close");
                // Requests read once the shutdown began are refused, in so many words; never left unanswered.
                assertTrue(reply.success() || reply.error().startsWith("server shutting down"), reply.toString());
            }
            assertTrue(expected > 2, "no reply came between the start of the shutdown and the 1001");
            System.out.println("shutdown: " + (expected - 1) + " of 500 pipelined requests answered before 1001");
            for (RawWebSocket other : clients.subList(1, clients.size())) {
                assertEquals(1001, other.awaitCloseCode());
            }
            assertThrows(ConnectException.class, () -> RawWebSocket.connect(endpoint).close(),
                    "still accepting connections after shutdown");
        } finally {
            for (RawWebSocket client : clients) {
                client.close();
            }
            server.close();
        }
    }
}
