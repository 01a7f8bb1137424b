package dev.wscommands.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscommands.standalone.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A PKCS#12 keystore made for one test by the JDK's {@code keytool}: a self-signed certificate for
 * {@code 127.0.0.1} and {@code localhost}, and a client {@link SSLContext} that trusts exactly that certificate.
 */
public record TestKeystore(Path path, String password) {

    /** Generates the keystore, with an EC (P-256) key, in {@code directory}. */
    public static TestKeystore create(Path directory) throws IOException, InterruptedException {
        return create(directory, "server.p12", "-keyalg", "EC", "-groupname", "secp256r1");
    }

    /** Generates a keystore with an RSA key, for the cipher suites that need one, in {@code directory}. */
    public static TestKeystore createRsa(Path directory) throws IOException, InterruptedException {
        return create(directory, "server-rsa.p12", "-keyalg", "RSA", "-keysize", "2048");
    }

    private static TestKeystore create(Path directory, String file, String... keyOptions)
            throws IOException, InterruptedException {
        Path path = directory.resolve(file);
        String password = "test-" + Long.toHexString(System.nanoTime());
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(keytool, "-genkeypair", "-alias", "server"));
        command.addAll(java.util.List.of(keyOptions));
        command.addAll(java.util.List.of("-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", path.toString(),
                "-storepass", password, "-keypass", password));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish within 60 s");
        }
        assertEquals(0, process.exitValue(), "keytool exit code");
        return new TestKeystore(path, password);
    }

    /** The standalone server's TLS settings with this keystore. */
    public TlsSettings tls() {
        return new TlsSettings(path, password);
    }

    /** A client TLS context that trusts this keystore's certificate and nothing else. */
    public SSLContext clientContext() throws IOException, GeneralSecurityException {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            server.load(in, password.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", server.getCertificate("server"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
