package dev.wscommands.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;

/**
 * TLS of the standalone server: with these, it serves {@code https://} and {@code wss://} only.
 *
 * @param keystore     a PKCS#12 file holding the server's private key and certificate chain
 * @param password     the password of the keystore and of its key; never shown by {@link #toString()}
 * @param protocols    the TLS versions offered, by their JDK names
 * @param cipherSuites the cipher suites offered, by their JDK (IANA) names, in the server's order of preference
 */
public record TlsSettings(Path keystore, String password, List<String> protocols, List<String> cipherSuites) {

    /** TLS 1.3, and TLS 1.2 for the clients that have no 1.3 yet. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * The "intermediate" profile that is widely recommended for servers on the internet: every TLS 1.3 suite
     * and, for TLS 1.2, only forward-secret ECDHE key exchange with an AEAD cipher. No CBC, no static RSA key
     * exchange, no SHA-1 MAC.
     */
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    public TlsSettings {
        if (keystore == null) {
            throw new IllegalArgumentException("keystore must be given");
        }
        if (password == null) {
            throw new IllegalArgumentException("keystore password must be given");
        }
        if (protocols == null || protocols.isEmpty()) {
            throw new IllegalArgumentException("tls-protocols must name at least one protocol");
        }
        if (cipherSuites == null || cipherSuites.isEmpty()) {
            throw new IllegalArgumentException("tls-cipher-suites must name at least one cipher suite");
        }
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /** The keystore with the default protocols and cipher suites. */
    public TlsSettings(Path keystore, String password) {
        this(keystore, password, DEFAULT_PROTOCOLS, DEFAULT_CIPHER_SUITES);
    }

    /** These settings offering other protocols and cipher suites, for operators who must reach older clients. */
    public TlsSettings withOffer(List<String> protocols, List<String> cipherSuites) {
        return new TlsSettings(keystore, password, protocols, cipherSuites);
    }

    /**
     * Loads the keystore into a server TLS context.
     *
     * @throws IOException with one line naming the file and the problem: missing, unreadable, not PKCS#12, wrong
     *                     password, or no private key in it
     */
    public SSLContext context() throws IOException {
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
        } catch (NoSuchFileException e) {
            throw problem("no such file");
        } catch (AccessDeniedException e) {
            throw problem("permission denied");
        } catch (IOException e) {
            // The JDK reports a wrong password as an IOException caused by an UnrecoverableKeyException.
            throw problem(e.getCause() instanceof UnrecoverableKeyException ? "wrong password"
                    : Files.isDirectory(keystore) ? "is a directory" : "not a PKCS#12 keystore, or a wrong password");
        } catch (GeneralSecurityException e) {
            throw problem("not a usable PKCS#12 keystore");
        }
        try {
            if (!hasPrivateKey(store)) {
                throw problem("holds no private key");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw problem("wrong password for the private key");
        } catch (GeneralSecurityException e) {
            throw problem("not usable: " + e.getMessage());
        }
    }

    /**
     * The server's TLS parameters in {@code context}: these protocols and cipher suites, the server's order of
     * preference first.
     *
     * @throws IllegalArgumentException naming a protocol or cipher suite this JVM does not know
     */
    public SSLParameters parameters(SSLContext context) {
        SSLParameters supported = context.getSupportedSSLParameters();
        unknown("tls-protocols", protocols, supported.getProtocols());
        unknown("tls-cipher-suites", cipherSuites, supported.getCipherSuites());
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(protocols.toArray(String[]::new));
        parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
        return parameters;
    }

    /**
     * Grizzly's TLS configuration for the server: the keystore's context, and these parameters set on every
     * connection's engine. (Grizzly's own {@code setSSLParameters} ignores its argument, so they are set here.)
     *
     * @throws IOException              when the keystore cannot be used, in one line naming it
     * @throws IllegalArgumentException naming a protocol or cipher suite this JVM does not know
     */
    SSLEngineConfigurator engineConfigurator() throws IOException {
        SSLContext context = context();
        SSLParameters parameters = parameters(context);
        return new SSLEngineConfigurator(context, false, false, false) {
            @Override
            public SSLEngine configure(SSLEngine engine) {
                engine.setUseClientMode(false);
                engine.setSSLParameters(parameters);
                return engine;
            }
        };
    }

    private static void unknown(String setting, List<String> names, String[] supported) {
        Set<String> known = new TreeSet<>();
        Collections.addAll(known, supported);
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(setting + ": this Java runtime does not support " + name);
            }
        }
    }

    private static boolean hasPrivateKey(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    private IOException problem(String what) {
        return new IOException("cannot use keystore " + keystore + ": " + what);
    }

    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + ", password=***, protocols=" + protocols
                + ", cipherSuites=" + cipherSuites + "]";
    }
}
