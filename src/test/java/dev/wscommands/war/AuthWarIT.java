package dev.wscommands.war;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.testing.RawWebSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authentication in the WAR, in every container the build deployed it to: {@code ws-commands-auth.war} has
 * authentication on through its context parameters ({@code jwt-secret-file}, {@code jwt-issuer}, and
 * {@code jwt-clock-skew} 0s so that a session's expiry can be seen) and the example plug-in; {@code ws-commands-basic.war}, in Tomcat 11, puts the container's own security (BASIC, a container user
 * in the role {@code ops}) on {@code /server}, and the container's principal is the caller.
 */
class AuthWarIT {

    private static final String ISSUER = "ws-commands-it";

    static List<DeployedWar> containers() {
        return DeployedWar.fromSystemProperty();
    }

    private static URI endpoint(int port, String context) {
        return URI.create("ws://127.0.0.1:" + port + "/" + context + "/server");
    }

    private static String token(String subject, String role, String issuer) throws Exception {
        return token(subject, role, issuer, Instant.now().plusSeconds(300));
    }

    private static String token(String subject, String role, String issuer, Instant expiry) throws Exception {
        byte[] secret = Files.readAllBytes(Path.of(System.getProperty("ws-commands.it.auth-secret-file")));
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(subject)
                .claim("groups", List.of(role)).issuer(issuer).issueTime(Date.from(now))
                .expirationTime(Date.from(expiry)).build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String call(RawWebSocket socket, String command) throws Exception {
        socket.sendText(MessageJson.write(Message.request(1, command)));
        Message reply = MessageJson.read(socket.readText());
        return reply.success() ? reply.someOtherThing() : "error: " + reply.error();
    }

    private static void refused(URI endpoint, String why, String... headers) throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(endpoint, List.of(headers))) {
            assertEquals(401, socket.status(), why);
            assertTrue(String.valueOf(socket.header("WWW-Authenticate")).startsWith("Bearer realm=\"ws-commands\""),
                    why + ": " + socket.header("WWW-Authenticate"));
            assertTrue(socket.body().startsWith("401 Unauthorized: " + why), why);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void takesTheJwtSettingsAsContextParameters(DeployedWar war) {
        URI endpoint = endpoint(war.port(), "ws-commands-auth");
        assertAll(war.container(),
                () -> refused(endpoint, "no token"),
                () -> refused(endpoint, "malformed token", "Authorization: Bearer garbage"),
                () -> refused(endpoint, "wrong issuer", "Authorization: Bearer " + token("alice", "ops", "someone-else")),
                () -> {
                    try (RawWebSocket socket = RawWebSocket.connect(endpoint,
                            List.of("Authorization: Bearer " + token("alice", "ops", ISSUER)))) {
                        assertEquals(101, socket.status());
                        assertEquals("alice (roles: ops)", call(socket, "whoami"));
                        assertEquals("error: forbidden: you may not run \"purge\"", call(socket, "purge"));
                        assertEquals("alice (roles: ops)", call(socket, "whoami"), "forbidden keeps the connection");
                    }
                },
                () -> {
                    // The WAR's jwt-clock-skew is 0s: the container's session is closed at the token's exp.
                    Instant expiry = Instant.now().plusSeconds(3);
                    try (RawWebSocket socket = RawWebSocket.connect(endpoint,
                            List.of("Authorization: Bearer " + token("alice", "ops", ISSUER, expiry)))) {
                        assertEquals(101, socket.status());
                        assertEquals("alice (roles: ops)", call(socket, "whoami"));
                        RawWebSocket.Frame close = socket.readFrame();
                        while (close.opcode() != RawWebSocket.OPCODE_CLOSE) {
                            close = socket.readFrame();
                        }
                        Duration late = Duration.between(expiry, Instant.now());
                        assertEquals(1008, close.closeCode());
                        assertTrue(new String(close.payload(), StandardCharsets.UTF_8).endsWith("authentication expired"));
                        assertTrue(late.compareTo(Duration.ofSeconds(-1)) > 0 && late.compareTo(Duration.ofSeconds(3)) < 0,
                                "closed " + late.toMillis() + " ms after exp");
                    }
                },
                () -> {
                    try (RawWebSocket socket = RawWebSocket.connect(endpoint, List.of(
                            "Sec-WebSocket-Protocol: ws-commands, bearer." + token("root", "admin", ISSUER)))) {
                        assertEquals(101, socket.status());
                        assertEquals("ws-commands", socket.header("Sec-WebSocket-Protocol"));
                        assertEquals("purged", call(socket, "purge"));
                    }
                });
    }

    @Test
    void theContainersLoginIsTheCallerInTomcat() throws Exception {
        URI endpoint = endpoint(Integer.getInteger("ws-commands.it.override-port"), "ws-commands-basic");
        try (RawWebSocket socket = RawWebSocket.connect(endpoint)) {
            assertEquals(401, socket.status(), "the container asks for its login");
            assertNull(socket.header("Sec-WebSocket-Accept"));
        }
        String basic = Base64.getEncoder().encodeToString(("carol:" + System.getProperty("ws-commands.it.basic-password"))
                .getBytes(StandardCharsets.UTF_8));
        try (RawWebSocket socket = RawWebSocket.connect(endpoint, List.of("Authorization: Basic " + basic))) {
            assertEquals(101, socket.status());
            assertEquals("carol (roles: ops)", call(socket, "whoami"));
            assertEquals("error: forbidden: you may not run \"purge\"", call(socket, "purge"));
        }
    }
}
