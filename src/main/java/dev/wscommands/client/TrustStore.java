package dev.wscommands.client;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Loads a trust store file into the TLS context of a {@code wss://} client ({@link ClientSettings#withTls}). */
public final class TrustStore {

    private TrustStore() {
    }

    /**
     * A client TLS context that trusts the certificates in {@code path}, a PKCS#12 or JKS file, and nothing else.
     *
     * @param password the store's password; may be null for a PKCS#12 store of certificates only
     * @throws IOException when the file cannot be read, is neither PKCS#12 nor JKS, or the password is wrong
     */
    public static SSLContext load(Path path, char[] password) throws IOException {
        try {
            // Finds out whether the file is PKCS#12 or JKS by itself.
            KeyStore store = KeyStore.getInstance(path.toFile(), password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            // Name the file: the JDK's messages ("keystore password was incorrect") do not.
            throw new IOException("cannot use trust store " + path + ": " + e.getMessage(), e);
        }
    }
}
