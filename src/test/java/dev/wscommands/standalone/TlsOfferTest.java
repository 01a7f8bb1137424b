package dev.wscommands.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscommands.testing.RunningServer;
import dev.wscommands.testing.TestKeystore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the standalone server offers in its TLS handshake, seen by JDK clients restricted to one kind of suite.
 * An RSA key, so that static-RSA suites are possible at all; each refusal has a control in which a server
 * offering that suite accepts the very same client, so a refusal is the server's doing, not the client's.
 */
class TlsOfferTest {

    private static final String[] CBC_ONLY = {
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"};
    private static final String[] STATIC_RSA_ONLY = {
        "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_RSA_WITH_AES_128_CBC_SHA"};

    @TempDir
    static Path keys;
    private static TestKeystore keystore;
    private static SSLContext client;

    @RegisterExtension
    final RunningServer running = new RunningServer();

    @BeforeAll
    static void createKeystore() throws Exception {
        keystore = TestKeystore.createRsa(keys);
        client = keystore.clientContext();
    }

    private StandaloneServer start(TlsSettings tls) throws IOException {
        return running.start(StandaloneSettings.onPort(0).withTls(tls));
    }

    @Test
    void offersTls13() throws Exception {
        StandaloneServer server = start(keystore.tls());
        assertEquals("TLSv1.3", handshake(server, "TLSv1.3").getProtocol());
    }

    @Test
    void offersTls12WithEcdheAndAead() throws Exception {
        StandaloneServer server = start(keystore.tls());
        SSLSession session = handshake(server, "TLSv1.2");
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", session.getCipherSuite(),
                "the server's first choice for TLS 1.2");
    }

    @Test
    void refusesAClientThatOffersOnlyCbcSuites() throws Exception {
        StandaloneServer server = start(keystore.tls());
        assertThrows(IOException.class, () -> handshake(server, "TLSv1.2", CBC_ONLY));
        server.close();

        StandaloneServer control = start(keystore.tls().withOffer(List.of("TLSv1.2"), List.of(CBC_ONLY)));
        handshake(control, "TLSv1.2", CBC_ONLY);
    }

    @Test
    void refusesAClientThatOffersOnlyStaticRsaKeyExchange() throws Exception {
        StandaloneServer server = start(keystore.tls());
        assertThrows(IOException.class, () -> handshake(server, "TLSv1.2", STATIC_RSA_ONLY));
        server.close();

        StandaloneServer control = start(keystore.tls().withOffer(List.of("TLSv1.2"), List.of(STATIC_RSA_ONLY)));
        handshake(control, "TLSv1.2", STATIC_RSA_ONLY);
    }

    @Test
    void refusesTls11() throws Exception {
        StandaloneServer server = start(keystore.tls());
        assertThrows(IOException.class, () -> handshake(server, "TLSv1.1"));
    }

    @Test
    void refusesProtocolsAndSuitesTheRuntimeDoesNotKnow() throws Exception {
        TlsSettings bogus = keystore.tls().withOffer(TlsSettings.DEFAULT_PROTOCOLS, List.of("TLS_NO_SUCH_SUITE"));
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> bogus.parameters(bogus.context()));
        assertEquals("tls-cipher-suites: this Java runtime does not support TLS_NO_SUCH_SUITE", failure.getMessage());
    }

    /** A complete handshake with only {@code protocol} and (when given) only {@code suites} enabled. */
    private static SSLSession handshake(StandaloneServer server, String protocol, String... suites) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(RawHttp.TIMEOUT_MILLIS);
            socket.setEnabledProtocols(new String[] {protocol});
            if (suites.length > 0) {
                socket.setEnabledCipherSuites(suites);
            }
            socket.startHandshake();
            return socket.getSession();
        }
    }
}
