package dev.wscommands.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.wscommands.settings.SettingsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The HMAC key of {@code jwt-secret-file}: the file's bytes as they are, read once at start. An algorithm is
 * accepted only if the key is at least as long as its hash (RFC 7518, 3.2): HS256 from 32 bytes, HS384 from 48,
 * HS512 from 64.
 */
final class HmacSecret {

    static final int MIN_BYTES = 32;

    private final byte[] key;
    private final Set<JWSAlgorithm> algorithms;

    private HmacSecret(byte[] key) {
        this.key = key;
        Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
        accepted.add(JWSAlgorithm.HS256);
        if (key.length >= 48) {
            accepted.add(JWSAlgorithm.HS384);
        }
        if (key.length >= 64) {
            accepted.add(JWSAlgorithm.HS512);
        }
        this.algorithms = Set.copyOf(accepted);
    }

    /**
     * Reads the secret of {@code file}.
     *
     * @throws KeyFileException when it cannot be read or is shorter than {@value #MIN_BYTES} bytes
     */
    static HmacSecret read(Path file) {
        byte[] key;
        try {
            key = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            throw new KeyFileException(SettingsReader.JWT_SECRET_FILE + " " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (key.length < MIN_BYTES) {
            // The length alone: the message must not say anything of the secret's content.
            throw new KeyFileException(SettingsReader.JWT_SECRET_FILE + " " + file + " holds " + key.length
                    + " bytes; an HMAC secret needs at least " + MIN_BYTES);
        }
        return new HmacSecret(key);
    }

    byte[] key() {
        return key.clone();
    }

    Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }
}
