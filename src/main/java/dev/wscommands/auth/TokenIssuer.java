package dev.wscommands.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes HS256 tokens with a server's secret file, for trying authentication out on one machine ({@code token}
 * subcommand). An identity provider issues the tokens of a real deployment.
 */
public final class TokenIssuer {

    private final HmacSecret secret;
    private final Clock clock;

    private TokenIssuer(HmacSecret secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /**
     * An issuer with the secret of {@code file}.
     *
     * @throws KeyFileException when the file cannot be read or holds fewer than 32 bytes
     */
    public static TokenIssuer withSecretFile(Path file) {
        return new TokenIssuer(HmacSecret.read(file), Clock.systemUTC());
    }

    /**
     * A token of {@code subject} with {@code roles} in {@code rolesClaim}, valid from now for {@code ttl}, with
     * {@code iss} and {@code aud} when given.
     */
    public String issue(String subject, List<String> roles, String rolesClaim, Duration ttl, Optional<String> issuer,
            Optional<String> audience) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a token needs a subject");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the token's lifetime must be positive, was " + ttl);
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).claim(rolesClaim, List.copyOf(roles))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl))).jwtID(UUID.randomUUID().toString());
        issuer.ifPresent(claims::issuer);
        audience.ifPresent(claims::audience);
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            token.sign(new MACSigner(secret.key()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
        return token.serialize();
    }
}
