package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.settings.ServerSettings;
import dev.wscommands.testing.RawWebSocket;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An open WebSocket connection does not keep the HTTP request of its handshake (about 9 KB of Grizzly's header
 * buffers each): counted in a class histogram of this JVM, which collects garbage first.
 */
class HandshakeReleaseTest {

    private static final int CONNECTIONS = 100;
    private static final String REQUEST_CLASS = "org.glassfish.grizzly.http.HttpServerFilter$ServerHttpRequestImpl";

    private final List<RawWebSocket> sockets = new ArrayList<>();
    private StandaloneServer server;

    @AfterEach
    void stop() throws Exception {
        for (RawWebSocket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void openConnectionsDoNotKeepTheirHandshakeRequest() throws Exception {
        server = new StandaloneServer(new StandaloneSettings(StandaloneSettings.DEFAULT_HOST, 0,
                ServerSettings.defaults().withMaxConnections(CONNECTIONS + 10, CONNECTIONS + 10)));
        server.start();
        for (int i = 0; i < CONNECTIONS; i++) {
            RawWebSocket socket = RawWebSocket.connect(server.endpoint());
            sockets.add(socket);
            assertEquals(101, socket.status());
        }
        // One of them in use, the rest idle since their handshake: neither kind may hold its request.
        sockets.get(0).sendText("{\"RequestID\":1,\"Command\":\"heartbeat\",\"SomeOtherThing\":\"\",\"Success\":false}");
        assertTrue(sockets.get(0).readText().contains("\"RequestID\":1"));

        long requests = liveInstances(REQUEST_CLASS);
        // Grizzly keeps a few recycled requests per thread; a held request per connection would make it 100+.
        assertTrue(requests < CONNECTIONS / 4, requests + " handshake requests live for " + CONNECTIONS + " connections");
    }

    /** Live instances of {@code className} in this JVM, from the diagnostic command GC.class_histogram. */
    private static long liveInstances(String className) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
        for (String line : histogram.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[3].equals(className)) {
                return Long.parseLong(fields[1]);
            }
        }
        return 0;
    }
}
