package dev.wscommands.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built WAR leaves the WebSocket implementation to the container and carries what it lacks. */
class WarContentsIT {

    private static List<String> entries;

    @BeforeAll
    static void readWar() throws IOException {
        try (ZipFile war = new ZipFile(Path.of("target", "ws-commands.war").toFile())) {
            entries = war.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void leavesTheWebSocketImplementationToTheContainer() {
        List<String> forbidden = entries.stream()
                .filter(name -> name.startsWith("WEB-INF/lib/"))
                .filter(name -> name.matches(
                        "WEB-INF/lib/(tyrus-|grizzly-|jakarta\\.websocket-|picocli-|jakarta\\.xml\\.bind-|jakarta\\.activation-).*"))
                .toList();
        assertEquals(List.of(), forbidden);
    }

    @Test
    void leavesOutTheLauncherClientAndCommandLine() {
        List<String> forbidden = entries.stream()
                .filter(name -> name.matches("WEB-INF/classes/dev/wscommands/(standalone|cli|client)/.*"))
                .toList();
        assertEquals(List.of(), forbidden);
    }

    @Test
    void carriesTheEndpointTheSiteAndJsonB() {
        assertTrue(entries.contains("WEB-INF/classes/dev/wscommands/websocket/CommandEndpoint.class"));
        assertTrue(entries.contains("WEB-INF/classes/dev/wscommands/protocol/MessageDecoder.class"));
        assertTrue(entries.contains("WEB-INF/web.xml"));
        assertTrue(entries.contains("index.html"));
        assertTrue(entries.stream().anyMatch(name -> name.matches("WEB-INF/lib/yasson-.*\\.jar")), "yasson");
        assertTrue(entries.stream().anyMatch(name -> name.matches("WEB-INF/lib/jakarta\\.json\\.bind-api-.*\\.jar")));
    }

    @Test
    void carriesMetricsWithoutTheProtobufFormat() {
        assertTrue(entries.contains("WEB-INF/classes/dev/wscommands/servlet/OperationsServlet.class"));
        assertTrue(entries.stream().anyMatch(name -> name.matches("WEB-INF/lib/micrometer-registry-prometheus-.*\\.jar")));
        assertTrue(entries.stream().noneMatch(name -> name.matches("WEB-INF/lib/prometheus-metrics-exposition-formats-.*")),
                "2 MB of shaded Protobuf that /metrics never uses");
    }

    @Test
    void doesNotServeItsOwnConfigurationAsStaticContent() {
        assertTrue(entries.stream().noneMatch(name -> name.startsWith("WEB-INF/classes/webapp/")));
    }
}
