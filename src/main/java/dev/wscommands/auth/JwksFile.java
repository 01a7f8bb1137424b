package dev.wscommands.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.wscommands.settings.SettingsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The public keys of {@code jwt-jwks-file}: RSA keys (RS256, RS384, RS512, PS256) and EC keys on P-256 (ES256) and
 * P-384 (ES384), chosen by {@code kid}. The file is looked at again at most once a second, on the next verification,
 * and re-read when its time or size changed: keys rotate without a restart. A file that becomes unreadable or
 * invalid, or holds no usable key, keeps the last good keys (with a WARNING), never none, never any. Symmetric keys
 * in the file are ignored: a key set is public, and an HMAC key from it would let anyone sign. Thread-safe.
 */
final class JwksFile implements JWKSource<SecurityContext> {

    private static final Logger LOG = Logger.getLogger(JwksFile.class.getName());
    /** A key set is a few kilobytes; a file far larger is not one. */
    private static final long MAX_BYTES = 1 << 20;
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);
    private static final long RECHECK = TimeUnit.SECONDS.toNanos(1);

    private final Path file;
    private final LongSupplier nanoClock;
    private volatile JWKSet keys;
    private volatile long checkedAt;
    private Object stamp;
    private byte[] content;

    private JwksFile(Path file, LongSupplier nanoClock) {
        this.file = file;
        this.nanoClock = nanoClock;
    }

    /**
     * Reads {@code file}.
     *
     * @throws KeyFileException when it cannot be read, is not a JWKS, or holds no usable public key
     */
    static JwksFile read(Path file) {
        return read(file, System::nanoTime);
    }

    static JwksFile read(Path file, LongSupplier nanoClock) {
        JwksFile source = new JwksFile(file, nanoClock);
        Object stamp = source.stampOrFail();
        byte[] bytes = source.bytesOrFail();
        source.keys = parse(file, bytes);
        source.stamp = stamp;
        source.content = bytes;
        source.checkedAt = nanoClock.getAsLong();
        return source;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        refreshIfDue();
        return selector.select(keys);
    }

    /** The keys in use now. */
    JWKSet keys() {
        refreshIfDue();
        return keys;
    }

    private void refreshIfDue() {
        long now = nanoClock.getAsLong();
        if (now - checkedAt < RECHECK) {
            return;
        }
        synchronized (this) {
            if (now - checkedAt < RECHECK) {
                return;
            }
            checkedAt = now;
            try {
                Object current = stampOrFail();
                if (current.equals(stamp)) {
                    return;
                }
                byte[] bytes = bytesOrFail();
                stamp = current;
                if (Arrays.equals(bytes, content)) {
                    return;
                }
                content = bytes;
                JWKSet next = parse(file, bytes);
                keys = next;
                LOG.info(() -> SettingsReader.JWT_JWKS_FILE + " " + file + " re-read: keys " + kids(next));
            } catch (KeyFileException e) {
                LOG.warning(() -> e.getMessage() + "; the keys read before stay in use: " + kids(keys));
            }
        }
    }

    private Object stampOrFail() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(attributes.lastModifiedTime(), attributes.size());
        } catch (IOException | SecurityException e) {
            throw new KeyFileException(SettingsReader.JWT_JWKS_FILE + " " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private byte[] bytesOrFail() {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new KeyFileException(SettingsReader.JWT_JWKS_FILE + " " + file + " is larger than "
                        + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            throw new KeyFileException(SettingsReader.JWT_JWKS_FILE + " " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The usable public keys of a JWKS document. */
    private static JWKSet parse(Path file, byte[] bytes) {
        JWKSet parsed;
        try {
            parsed = JWKSet.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new KeyFileException(SettingsReader.JWT_JWKS_FILE + " " + file + " is not a JWKS document");
        }
        List<JWK> usable = new ArrayList<>();
        for (JWK key : parsed.getKeys()) {
            if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                continue;
            }
            if (key instanceof RSAKey rsa) {
                usable.add(rsa.toPublicJWK());
            } else if (key instanceof ECKey ec && (Curve.P_256.equals(ec.getCurve()) || Curve.P_384.equals(ec.getCurve()))) {
                usable.add(ec.toPublicJWK());
            }
        }
        if (usable.isEmpty()) {
            throw new KeyFileException(SettingsReader.JWT_JWKS_FILE + " " + file
                    + " holds no RSA or EC (P-256, P-384) signing key");
        }
        return new JWKSet(usable);
    }

    private static String kids(JWKSet set) {
        return String.join(", ", set.getKeys().stream().map(k -> k.getKeyID() == null ? "(no kid)" : k.getKeyID()).toList());
    }
}
