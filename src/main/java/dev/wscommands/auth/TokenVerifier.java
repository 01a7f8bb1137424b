package dev.wscommands.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.wscommands.api.Caller;
import dev.wscommands.settings.SecuritySettings;
import java.security.Key;
import java.text.ParseException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a JSON Web Token with nimbus-jose-jwt and makes its {@link Caller}. Accepted: a JWS signed with one of
 * the algorithms of the configured keys (HMAC with the secret, RSA and EC with the JWKS file's public keys), with
 * an {@code exp}, within the clock skew of {@code exp} and {@code nbf}, and with the configured issuer and audience.
 * Refused: unsigned ({@code alg: none}) and encrypted tokens, any other algorithm (an HMAC token against public
 * keys is the classic algorithm confusion), and a token without a name ({@code upn}, {@code preferred_username}
 * or {@code sub}). Thread-safe.
 */
public final class TokenVerifier {

    /** Longest caller name accepted: a name goes into log lines. */
    private static final int MAX_NAME = 256;

    private final Optional<HmacSecret> secret;
    private final Optional<JwksFile> jwks;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String rolesClaim;
    private final long skewSeconds;

    private TokenVerifier(SecuritySettings settings, Optional<HmacSecret> secret, Optional<JwksFile> jwks) {
        this.secret = secret;
        this.jwks = jwks;
        this.rolesClaim = settings.jwtRolesClaim();
        this.skewSeconds = settings.jwtClockSkew().toSeconds();
        JWSKeySelector<SecurityContext> hmac = secret.<JWSKeySelector<SecurityContext>>map(s ->
                new JWSVerificationKeySelector<>(s.algorithms(), new ImmutableSecret<>(s.key()))).orElse(null);
        JWSKeySelector<SecurityContext> keys = jwks.<JWSKeySelector<SecurityContext>>map(k ->
                new JWSVerificationKeySelector<>(JwksFile.ALGORITHMS, k)).orElse(null);
        // Each algorithm goes to the keys of its kind only: an HMAC token is never checked against a public key.
        processor.setJWSKeySelector((JWSHeader header, SecurityContext context) -> {
            JWSAlgorithm algorithm = header.getAlgorithm();
            if (hmac != null && JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
                return hmac.selectJWSKeys(header, context);
            }
            if (keys != null && JwksFile.ALGORITHMS.contains(algorithm)) {
                return keys.selectJWSKeys(header, context);
            }
            return List.<Key>of();
        });
        // Plain JWTs and OAuth access tokens (RFC 9068), with or without a typ.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        Set<String> audience = settings.jwtAudience().map(Set::of).orElse(null);
        JWTClaimsSet exact = settings.jwtIssuer().map(iss -> new JWTClaimsSet.Builder().issuer(iss).build())
                .orElse(new JWTClaimsSet.Builder().build());
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(audience, exact, Set.of("exp"), null);
        claims.setMaxClockSkew((int) skewSeconds);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * The verifier of {@code settings}' keys, which are read now.
     *
     * @throws IllegalStateException when authentication is off
     * @throws KeyFileException      when a key file cannot be used, in one line naming the setting and the file
     */
    public static TokenVerifier of(SecuritySettings settings) {
        if (!settings.authenticationOn()) {
            throw new IllegalStateException("authentication is off: no key file is set");
        }
        return new TokenVerifier(settings, settings.jwtSecretFile().map(HmacSecret::read),
                settings.jwtJwksFile().map(JwksFile::read));
    }

    /**
     * The caller that {@code token} names, and until when it may stay connected ({@code exp} plus the clock skew).
     *
     * @throws TokenRejected with a short reason when the token is not accepted
     */
    public Verified verify(String token) throws TokenRejected {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejected("malformed token");
        }
        if (parsed instanceof PlainJWT) {
            throw new TokenRejected("unsigned token (alg none) not accepted");
        }
        if (!(parsed instanceof SignedJWT signed)) {
            throw new TokenRejected("encrypted tokens are not accepted");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        boolean hmac = JWSAlgorithm.Family.HMAC_SHA.contains(algorithm);
        if (!(hmac ? secret.filter(s -> s.algorithms().contains(algorithm)).isPresent()
                : jwks.isPresent() && JwksFile.ALGORITHMS.contains(algorithm))) {
            // The name is not echoed: it is the client's text.
            throw new TokenRejected("signing algorithm not accepted");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJOSEException e) {
            throw new TokenRejected(reason(e.getMessage()));
        } catch (JOSEException e) {
            throw new TokenRejected("token cannot be verified");
        }
        return new Verified(caller(claims), claims.getExpirationTime().toInstant().plusSeconds(skewSeconds));
    }

    /**
     * A verified token's caller.
     *
     * @param caller    who the token names, with its roles and claims
     * @param expiresAt when its connection is closed: {@code exp} plus the clock skew
     */
    public record Verified(Caller caller, Instant expiresAt) {
    }

    private Caller caller(JWTClaimsSet claims) throws TokenRejected {
        String name = null;
        for (String claim : List.of("upn", "preferred_username", "sub")) {
            if (claims.getClaim(claim) instanceof String value && !value.isBlank()) {
                name = value;
                break;
            }
        }
        if (name == null) {
            throw new TokenRejected("token names no caller (no sub)");
        }
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new TokenRejected("token's caller name not accepted");
        }
        Set<String> roles = new LinkedHashSet<>();
        Object value = claims.getClaim(rolesClaim);
        if (value instanceof String role) {
            roles.add(role);
        } else if (value instanceof List<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(roles::add);
        }
        Map<String, Object> json = new HashMap<>(claims.toJSONObject());
        json.values().removeIf(java.util.Objects::isNull);
        return new Caller(name, roles, json);
    }

    /** nimbus-jose-jwt's message, as a short reason that quotes nothing of the token. */
    private static String reason(String message) {
        String text = message == null ? "" : message;
        if (text.contains("Invalid signature")) {
            return "bad signature";
        }
        if (text.contains("no matching key")) {
            return "no key matches the token";
        }
        if (text.startsWith("Expired JWT")) {
            return "token expired";
        }
        if (text.startsWith("JWT before use time")) {
            return "token not yet valid";
        }
        if (text.startsWith("JWT missing required claims")) {
            return "token has no exp";
        }
        if (text.contains("iss claim")) {
            return "wrong issuer";
        }
        if (text.contains("aud claim")) {
            return "wrong audience";
        }
        return "token rejected";
    }
}
