package dev.wscommands.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscommands.standalone.StandaloneServer;
import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RunningServerTest {

    @Test
    void everyServerStartedIsClosedAfterTheTest() throws Exception {
        RunningServer running = new RunningServer();
        StandaloneServer first = running.start();
        StandaloneServer second = running.start();
        URI firstEndpoint = first.endpoint();
        URI secondEndpoint = second.endpoint();
        assertNotEquals(firstEndpoint, secondEndpoint);
        try (RawWebSocket client = RawWebSocket.connect(firstEndpoint)) {
            assertEquals(101, client.status());
        }

        running.afterEach(null);

        assertThrows(ConnectException.class, () -> RawWebSocket.connect(firstEndpoint).close(), "first server leaked");
        assertThrows(ConnectException.class, () -> RawWebSocket.connect(secondEndpoint).close(), "second server leaked");
    }
}
