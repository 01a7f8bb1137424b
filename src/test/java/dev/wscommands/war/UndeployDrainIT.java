package dev.wscommands.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.RawWebSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client or an undeploy does to the WAR in Tomcat 11 (a copy of the distribution the build uses,
 * on a free port, with the example plug-in): the WAR redeployed while a command runs still sends the command's
 * reply before the session's 1001 (Tomcat closes every WebSocket session in its own listener, before the WAR's
 * listener would run; the drain runs from a servlet's {@code destroy}, which Tomcat calls first); and a client
 * that reads nothing does not delay another session's pong deadline (Tomcat blocks a ping behind a message still
 * being written).
 */
class UndeployDrainIT {

    private TomcatCopy tomcat;

    @AfterEach
    void stopTomcat() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void aCommandInFlightGetsItsReplyBeforeTheRedeployClosesItsSession() throws Exception {
        int port = startTomcat(Map.of());
        Path home = Path.of("target", "undeploy-drain", "apache-tomcat").toAbsolutePath();
        Path war = home.resolve("webapps/ws-commands.war");
        Path log = home.resolve("logs/catalina.out");
        URI endpoint = URI.create("ws://127.0.0.1:" + port + "/ws-commands/server");
        try (RawWebSocket client = RawWebSocket.connect(endpoint)) {
            assertEquals(101, client.status());
            client.sendText(MessageJson.write(new Message(1, "sleep", "8000", false, null)));
            // A changed WAR: Tomcat undeploys the running one (within a second or two) and deploys it again.
            Files.setLastModifiedTime(war, FileTime.from(Instant.now().minusSeconds(1)));
            RawWebSocket.Frame first = client.readFrame();
            assertTrue(Files.readString(log).contains("Undeploying context [/ws-commands]"),
                    "the reply came before the undeploy began: the test proves nothing\n" + LocalServer.summary(log));
            assertEquals(RawWebSocket.OPCODE_TEXT, first.opcode(),
                    "the session was closed before the reply: " + first.text() + "\n" + LocalServer.summary(log));
            assertEquals(Message.success(1, "slept 8000 ms"), MessageJson.read(first.text()));
            assertEquals(1001, client.awaitCloseCode());
        }
        LocalServer.awaitPage(port, () -> tomcat().map(ProcessHandle::isAlive).orElse(true), "Tomcat", log);
        String logged = Files.readString(log);
        assertTrue(logged.contains("Undeploying") || logged.contains("Reloading") || logged.contains("undeploy"),
                "no redeploy in the log:\n" + LocalServer.summary(log));
        assertFalse(logged.contains("[ws-commands-"), "a thread of the WAR outlived its undeploy:\n"
                + LocalServer.summary(log));
        assertFalse(logged.contains("NullPointerException"), LocalServer.summary(log));
    }

    @Test
    void aClientThatDoesNotReadHoldsUpNoOtherSessionsPongDeadline() throws Exception {
        // Ping every 2 s, send timeout 3 s: a session that answers no ping is closed at about 4 s, the one that
        // reads nothing with 1008 at about 3 s; a ping on the session timer, blocked in Tomcat behind the unread
        // client's message, made these 24 s and 22 s (1006).
        // Room for every reply, so that the send timeout, not the byte bound, ends the flooder, as before the bound.
        int port = startTomcat(Map.of("ping-interval", "2s", "send-timeout", "3s",
                "max-queued-reply-bytes", "67108864", "max-reply-bytes", "67108864"));
        URI endpoint = URI.create("ws://127.0.0.1:" + port + "/ws-commands/server");
        try (RawWebSocket flooder = RawWebSocket.connect(endpoint);
             RawWebSocket silent = RawWebSocket.connect(endpoint)) {
            String argument = "x".repeat(60_000);
            byte[] flood = RawWebSocket.pipelined(1, 300, id -> MessageJson.write(new Message(id, "echo", argument,
                    false, null)));
            // Written by another thread: the server closes the flooder (1008) long before it has taken all of it.
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    flooder.write(flood);
                } catch (java.io.IOException closed) {
                    // expected
                }
            });
            long start = System.nanoTime();
            int code = silent.awaitCloseCode();
            long took = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1001, code);
            assertTrue(took < 10_000, "the silent session was closed after " + took + " ms");
        }
    }

    /** Starts a copy of Tomcat 11 with the WAR and the example plug-in, these context parameters changed. */
    private int startTomcat(Map<String, String> parameters) throws Exception {
        // Look for changed WARs every second (Tomcat's default: every 10 s), so the redeploy comes while the command runs.
        tomcat = TomcatCopy.start("undeploy-drain", parameters, server -> server.replace("<Engine name=\"Catalina\"",
                "<Engine name=\"Catalina\" backgroundProcessorDelay=\"1\""));
        return tomcat.port();
    }

    private Optional<ProcessHandle> tomcat() {
        return tomcat == null ? Optional.empty() : tomcat.process();
    }
}
