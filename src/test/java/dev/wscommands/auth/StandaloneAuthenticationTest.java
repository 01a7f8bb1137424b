package dev.wscommands.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.session.CloseCodes;
import dev.wscommands.settings.SecuritySettings;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RunningServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication at the handshake of a real standalone server, with real tokens: every refusal is a 401 with
 * {@code WWW-Authenticate: Bearer} before the upgrade, the server keeps serving the callers it admits, and no token
 * or secret reaches a log line.
 */
class StandaloneAuthenticationTest {

    @RegisterExtension
    final RunningServer servers = new RunningServer();
    @RegisterExtension
    final LogCapture log = new LogCapture();
    @TempDir
    Path dir;

    private final byte[] secret = TestTokens.newSecret();
    /** Every token and secret the test used: none may be in the log. */
    private final List<String> secrets = new ArrayList<>();
    private SecuritySettings hmac;

    @BeforeEach
    void secretFile() throws Exception {
        hmac = SecuritySettings.defaults().withSecretFile(TestTokens.write(dir.resolve("s.key"), secret));
        secrets.add(new String(secret, StandardCharsets.US_ASCII));
    }

    private StandaloneServer start(SecuritySettings security) throws Exception {
        return servers.start(ServerSettings.defaults(), AuthCommands.catalog(), security);
    }

    private String token(JWTClaimsSet claims) throws JOSEException {
        return remember(TestTokens.hs256(secret, claims));
    }

    private String remember(String token) {
        secrets.add(token);
        // The signature alone, too: a log line that cut the token short would still hold it.
        String signature = token.substring(token.lastIndexOf('.') + 1);
        if (signature.length() >= 16) {
            secrets.add(signature);
        }
        return token;
    }

    private static JWTClaimsSet alice() {
        return TestTokens.claims("alice", List.of("ops"), Duration.ofMinutes(5)).build();
    }

    private static RawWebSocket handshake(StandaloneServer server, String... headers) throws Exception {
        return RawWebSocket.connect(server.endpoint(), List.of(headers));
    }

    private static String call(RawWebSocket socket, long id, String command) throws Exception {
        socket.sendText(MessageJson.write(Message.request(id, command)));
        Message reply = MessageJson.read(socket.readText());
        assertEquals(id, reply.requestId());
        return reply.success() ? reply.someOtherThing() : "error: " + reply.error();
    }

    /** Refused with 401 and the challenge, and the connection closed; returns the body. */
    private static String refused(RawWebSocket socket) throws Exception {
        assertEquals(401, socket.status());
        assertTrue(socket.header("WWW-Authenticate").startsWith("Bearer realm=\"ws-commands\""),
                socket.header("WWW-Authenticate"));
        assertNull(socket.header("Sec-WebSocket-Accept"));
        String body = socket.body();
        socket.awaitEndOfStream();
        return body;
    }

    private void assertNoSecretLogged() {
        for (String line : log.lines()) {
            for (String secret : secrets) {
                assertTrue(!line.contains(secret), () -> "a log line holds a token or secret: " + line);
            }
        }
    }

    @Test
    void aValidBearerTokenIsTheCallerOfItsCommands() throws Exception {
        StandaloneServer server = start(hmac);
        try (RawWebSocket socket = handshake(server, "Authorization: Bearer " + token(alice()))) {
            assertEquals(101, socket.status());
            assertEquals("alice [ops]", call(socket, 1, "whoami"));
        }
        // An OAuth access token (RFC 9068) says so in its typ; another type of token is not one of ours.
        SignedJWT access = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new com.nimbusds.jose.JOSEObjectType("at+jwt")).build(), alice());
        access.sign(new MACSigner(secret));
        try (RawWebSocket socket = handshake(server, "Authorization: Bearer " + remember(access.serialize()))) {
            assertEquals(101, socket.status());
        }
        SignedJWT other = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new com.nimbusds.jose.JOSEObjectType("logout+jwt")).build(), alice());
        other.sign(new MACSigner(secret));
        try (RawWebSocket socket = handshake(server, "Authorization: Bearer " + remember(other.serialize()))) {
            assertEquals("401 Unauthorized: token rejected\n", refused(socket));
        }
        assertNoSecretLogged();
    }

    @Test
    void aBrowserCarriesItsTokenInTheSubprotocolWhichIsNeverEchoed() throws Exception {
        StandaloneServer server = start(hmac);
        String token = token(alice());
        try (RawWebSocket socket = handshake(server, "Sec-WebSocket-Protocol: ws-commands, bearer." + token)) {
            assertEquals(101, socket.status());
            assertEquals("ws-commands", socket.header("Sec-WebSocket-Protocol"));
            assertEquals("alice [ops]", call(socket, 1, "whoami"));
        }
        try (RawWebSocket socket = handshake(server, "Sec-WebSocket-Protocol: bearer." + token)) {
            assertEquals(101, socket.status());
            assertNull(socket.header("Sec-WebSocket-Protocol"), "only ws-commands is ever answered");
        }
        assertNoSecretLogged();
    }

    @Test
    void everyBadHandshakeIsRefusedWith401AndTheServerKeepsServingOthers() throws Exception {
        StandaloneServer server = start(hmac.withIssuerAndAudience("https://id.example", "ws-commands"));
        JWTClaimsSet good = TestTokens.claims("alice", List.of("ops"), Duration.ofMinutes(5))
                .issuer("https://id.example").audience("ws-commands").build();
        RawWebSocket admitted = handshake(server, "Authorization: Bearer " + token(good));
        assertEquals(101, admitted.status());

        Instant now = Instant.now();
        byte[] otherSecret = TestTokens.newSecret();
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("no token", new String[0]);
        cases.put("malformed token", new String[] {"Authorization: Bearer not-a-token"});
        cases.put("bad signature", new String[] {"Authorization: Bearer "
                + remember(TestTokens.hs256(otherSecret, good))});
        cases.put("unsigned token (alg none) not accepted", new String[] {"Authorization: Bearer "
                + remember(TestTokens.unsigned(good))});
        cases.put("token expired", new String[] {"Authorization: Bearer " + token(new JWTClaimsSet.Builder(good)
                .expirationTime(Date.from(now.minusSeconds(120))).build())});
        cases.put("token not yet valid", new String[] {"Authorization: Bearer " + token(new JWTClaimsSet.Builder(good)
                .notBeforeTime(Date.from(now.plusSeconds(600))).build())});
        cases.put("token has no exp", new String[] {"Authorization: Bearer " + token(new JWTClaimsSet.Builder(good)
                .expirationTime(null).build())});
        cases.put("wrong issuer", new String[] {"Authorization: Bearer " + token(new JWTClaimsSet.Builder(good)
                .issuer("https://evil.example").build())});
        cases.put("wrong audience", new String[] {"Authorization: Bearer " + token(new JWTClaimsSet.Builder(good)
                .audience("another-service").build())});
        cases.put("only Bearer tokens are accepted", new String[] {"Authorization: Basic "
                + Base64.getEncoder().encodeToString("alice:password-1234".getBytes(StandardCharsets.UTF_8))});
        cases.put("more than one token", new String[] {"Authorization: Bearer " + token(good),
                "Sec-WebSocket-Protocol: ws-commands, bearer." + token(good)});
        secrets.add("password-1234");

        for (Map.Entry<String, String[]> refusal : cases.entrySet()) {
            try (RawWebSocket socket = handshake(server, refusal.getValue())) {
                assertEquals("401 Unauthorized: " + refusal.getKey() + "\n", refused(socket), refusal.getKey());
            }
        }
        // A token in the query string is refused even when it is good: URLs end up in logs.
        try (RawWebSocket socket = RawWebSocket.connect(java.net.URI.create(server.endpoint() + "?access_token=" + token(good)),
                List.of("Authorization: Bearer " + token(good)))) {
            assertTrue(refused(socket).startsWith("401 Unauthorized: a token in the query string is not accepted"));
        }

        assertEquals("alice [ops]", call(admitted, 1, "whoami"), "the admitted session goes on");
        try (RawWebSocket another = handshake(server, "Authorization: bearer " + token(good))) {
            assertEquals(101, another.status(), "the scheme's name is case-insensitive");
            assertEquals("alice [ops]", call(another, 2, "whoami"));
        }
        admitted.close();
        assertEquals(cases.size() + 1, Metrics.scrape(server.metrics())
                .value("ws_commands_sessions_refused_total{reason=\"unauthenticated\"}"));
        List<String> logged = log.containing("refused with 401");
        assertTrue(logged.size() >= cases.size() && logged.stream().allMatch(line -> line.contains("127.0.0.1")),
                () -> "each refusal is logged with the client's address: " + logged);
        assertNoSecretLogged();
    }

    @Test
    void aJwksServerRefusesHmacTokensEvenSignedWithItsPublicKey() throws Exception {
        RSAKey key = TestTokens.rsa("k1");
        Path jwks = TestTokens.jwks(dir.resolve("keys.json"), key);
        StandaloneServer server = start(SecuritySettings.defaults().withJwksFile(jwks));
        try (RawWebSocket socket = handshake(server, "Authorization: Bearer "
                + remember(TestTokens.rs256(key, alice())))) {
            assertEquals(101, socket.status());
            assertEquals("alice [ops]", call(socket, 1, "whoami"));
        }
        try (RawWebSocket socket = handshake(server, "Authorization: Bearer " + remember(TestTokens.hs256(secret,
                alice())))) {
            assertEquals("401 Unauthorized: signing algorithm not accepted\n", refused(socket));
        }
        // Algorithm confusion: an HMAC token whose secret is the public key's own text, as an attacker has it.
        byte[] publicKey = key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), alice());
        confused.sign(new MACSigner(publicKey));
        try (RawWebSocket socket = handshake(server, "Authorization: Bearer " + remember(confused.serialize()))) {
            assertEquals("401 Unauthorized: signing algorithm not accepted\n", refused(socket));
        }
        try (RawWebSocket socket = handshake(server, "Authorization: Bearer "
                + remember(TestTokens.rs256(TestTokens.rsa("k1"), alice())))) {
            assertEquals("401 Unauthorized: bad signature\n", refused(socket), "another key under the same kid");
        }
        assertNoSecretLogged();
    }

    @Test
    void aRotatedJwksFileIsPickedUpAndAnUnreadableOneKeepsTheLastGoodKeys() throws Exception {
        RSAKey old = TestTokens.rsa("2026-11");
        var fresh = TestTokens.ec("2026-12");
        Path jwks = TestTokens.jwks(dir.resolve("keys.json"), old);
        StandaloneServer server = start(SecuritySettings.defaults().withJwksFile(jwks));
        String freshToken = remember(TestTokens.es256(fresh, alice()));
        try (RawWebSocket socket = handshake(server, "Authorization: Bearer " + freshToken)) {
            assertEquals("401 Unauthorized: no key matches the token\n", refused(socket));
        }

        TestTokens.jwks(jwks, fresh);
        assertEquals(101, awaitStatus(server, freshToken, 101), "the new key is used within seconds");
        try (RawWebSocket socket = handshake(server, "Authorization: Bearer "
                + remember(TestTokens.rs256(old, alice())))) {
            assertEquals(401, socket.status(), "the removed key no longer is");
        }

        TestTokens.write(jwks, "{ not json".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(1_500); // past the once-a-second look at the file; nothing to await but time
        try (RawWebSocket socket = handshake(server, "Authorization: Bearer " + freshToken)) {
            assertEquals(101, socket.status(), "a broken file keeps the keys read before");
        }
        assertTrue(!log.containing("is not a JWKS document; the keys read before stay in use").isEmpty(), log.lines()
                .toString());
        assertNoSecretLogged();
    }

    @Test
    void aConnectionIsClosedWith1008WhenItsTokenExpires() throws Exception {
        StandaloneServer server = start(hmac.withClockSkew(Duration.ZERO));
        Instant expiry = Instant.now().plusSeconds(3);
        JWTClaimsSet shortLived = new JWTClaimsSet.Builder(alice()).expirationTime(Date.from(expiry)).build();
        try (RawWebSocket socket = handshake(server, "Authorization: Bearer " + token(shortLived))) {
            assertEquals(101, socket.status());
            assertEquals("alice [ops]", call(socket, 1, "whoami"));
            RawWebSocket.Frame close = socket.readFrame();
            while (close.opcode() != RawWebSocket.OPCODE_CLOSE) {
                close = socket.readFrame();
            }
            Instant closedAt = Instant.now();
            assertEquals(CloseCodes.POLICY_VIOLATION, close.closeCode());
            assertTrue(new String(close.payload(), StandardCharsets.UTF_8).endsWith(CloseCodes.AUTHENTICATION_EXPIRED));
            // exp has a resolution of a second: the close comes at most a second early, and soon after.
            Duration late = Duration.between(expiry, closedAt);
            assertTrue(late.compareTo(Duration.ofSeconds(-1)) > 0 && late.compareTo(Duration.ofSeconds(2)) < 0,
                    "closed " + late.toMillis() + " ms after exp");
        }
        assertNoSecretLogged();
    }

    @Test
    void rolesDecideWhoMayRunACommandAndForbiddenKeepsTheConnection() throws Exception {
        StandaloneServer server = start(hmac.withCommandRoles(Map.of("whoami", Set.of("ops", "admin"))));
        try (RawWebSocket ops = handshake(server, "Authorization: Bearer " + token(alice()))) {
            assertEquals("error: forbidden: you may not run \"purge\"", call(ops, 1, "purge"));
            assertEquals("alice [ops]", call(ops, 2, "whoami"), "the connection keeps serving");
        }
        try (RawWebSocket admin = handshake(server, "Authorization: Bearer " + token(
                TestTokens.claims("root", List.of("admin"), Duration.ofMinutes(5)).build()))) {
            assertEquals("purged", call(admin, 1, "purge"));
        }
        try (RawWebSocket nobody = handshake(server, "Authorization: Bearer " + token(
                TestTokens.claims("bob", List.of(), Duration.ofMinutes(5)).build()))) {
            assertEquals("error: forbidden: you may not run \"whoami\"", call(nobody, 1, "whoami"),
                    "--command-roles overrides a command that declares nothing");
        }
        List<String> denials = log.containing("forbidden: caller alice from 127.0.0.1 may not run \"purge\"");
        assertEquals(1, denials.size(), log.lines().toString());
        assertTrue(denials.get(0).contains("RequestID 1"));
        assertEquals(1, Metrics.scrape(server.metrics())
                .value("ws_commands_replies_total{command=\"purge\",outcome=\"forbidden\"}"));
        assertNoSecretLogged();
    }

    private int awaitStatus(StandaloneServer server, String token, int wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            try (RawWebSocket socket = handshake(server, "Authorization: Bearer " + token)) {
                status = socket.status();
            }
            if (status != wanted) {
                Thread.sleep(200);
            }
        } while (status != wanted && System.nanoTime() < deadline);
        return status;
    }
}
