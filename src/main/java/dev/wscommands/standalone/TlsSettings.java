package dev.wscommands.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS of the standalone server: with these, it serves {@code https://} and {@code wss://} only.
 *
 * @param keystore a PKCS#12 file holding the server's private key and certificate chain
 * @param password the password of the keystore and of its key; never shown by {@link #toString()}
 */
public record TlsSettings(Path keystore, String password) {

    public TlsSettings {
        if (keystore == null) {
            throw new IllegalArgumentException("keystore must be given");
        }
        if (password == null) {
            throw new IllegalArgumentException("keystore password must be given");
        }
    }

    /**
     * Loads the keystore into a server TLS context.
     *
     * @throws IOException when the file cannot be read, is not PKCS#12, or the password is wrong
     */
    public SSLContext context() throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // Name the file: the JDK's messages ("keystore password was incorrect") do not.
            throw new IOException("cannot use keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + ", password=***]";
    }
}
