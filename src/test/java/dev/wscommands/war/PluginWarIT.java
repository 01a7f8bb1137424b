package dev.wscommands.war;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.RecordingClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A copy of the WAR with plug-ins added to {@code WEB-INF/lib} (target/ws-commands-plugins.war, deployed at
 * {@code /ws-commands-plugins} by the Cargo block in pom.xml): the example plug-in's commands answer in every
 * container, found by {@link java.util.ServiceLoader}; in the containers with CDI (GlassFish, Payara) so does
 * {@code greet}, an application-scoped bean with an injected dependency.
 */
class PluginWarIT {

    private static final Logger LOG = Logger.getLogger(PluginWarIT.class.getName());
    private static final String CONTEXT = "/ws-commands-plugins";
    private static final String SECRET = "secret-token-1234";

    static List<DeployedWar> containers() {
        return DeployedWar.fromSystemProperty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void answersThePluginCommandsOfWebInfLib(DeployedWar war) {
        URI endpoint = URI.create("ws://127.0.0.1:" + war.port() + CONTEXT + "/server");
        boolean cdi = hasCdi(war);
        assertAll(war.container(),
                () -> assertEquals(Message.success(1, "as typed, ü "), ask(endpoint, "echo", "as typed, ü ")),
                () -> assertEquals(Message.success(1, "slept 200 ms"), ask(endpoint, "sleep", "200")),
                () -> assertEquals(Message.failure(1, "sleep needs a whole number of milliseconds from 0 to 60000"),
                        ask(endpoint, "sleep", "forever")),
                () -> assertEquals(Message.failure(1, "command failed"), ask(endpoint, "fail", "")),
                () -> assertEquals(Message.failure(1, "rejected as requested"), ask(endpoint, "reject", "")),
                () -> assertEquals(Message.success(1, "The hot dog left the castle as requested."),
                        ask(endpoint, "Eject the hot dog.", "")),
                () -> {
                    Message greeting = ask(endpoint, "greet", "Ada");
                    if (cdi) {
                        assertEquals(Message.success(1, "Hello, Ada, from a CDI bean"), greeting);
                    } else {
                        assertTrue(greeting.error().startsWith("unknown command \"greet\""), greeting.toString());
                    }
                },
                () -> {
                    String health = health(war);
                    for (String command : List.of("echo", "sleep", "fail", "reject", "heartbeat")) {
                        assertTrue(health.contains("\"" + command + "\""), command + " in " + health);
                    }
                    assertEquals(cdi, health.contains("\"greet\""), health);
                });
        LOG.info(() -> war.container() + ": plug-in commands answer at " + endpoint + (cdi ? ", CDI bean too" : ""));
    }

    /** The containers of the portability table with CDI, where a command bean must answer. */
    private static boolean hasCdi(DeployedWar war) {
        return war.container().contains("GlassFish") || war.container().contains("Payara");
    }

    private static Message ask(URI endpoint, String command, String argument) throws Exception {
        try (RecordingClient client = RecordingClient.connect(endpoint)) {
            client.send(MessageJson.write(new Message(1, command, argument, false, null)));
            String reply = client.next();
            assertFalse(reply.contains(SECRET), reply);
            return MessageJson.read(reply);
        }
    }

    private static String health(DeployedWar war) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + war.port() + CONTEXT + "/health"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
