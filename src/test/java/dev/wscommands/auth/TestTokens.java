package dev.wscommands.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Keys and tokens for the authentication tests, made with nimbus-jose-jwt as an identity provider would. */
final class TestTokens {

    private TestTokens() {
    }

    /** 64 random printable bytes: long enough for HS256, HS384 and HS512. */
    static byte[] newSecret() {
        byte[] raw = new byte[48];
        new SecureRandom().nextBytes(raw);
        return java.util.Base64.getEncoder().encodeToString(raw).getBytes(StandardCharsets.US_ASCII);
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }

    static RSAKey rsa(String kid) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    static ECKey ec(String kid) throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    /** A JWKS file of the public halves of {@code keys}. */
    static Path jwks(Path file, JWK... keys) throws IOException {
        List<JWK> publicKeys = java.util.Arrays.stream(keys).map(JWK::toPublicJWK).toList();
        return write(file, new JWKSet(publicKeys).toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Claims of {@code subject} with {@code roles} in {@code groups}, valid from now for {@code ttl}. */
    static JWTClaimsSet.Builder claims(String subject, List<String> roles, Duration ttl) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).claim("groups", roles).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
    }

    static String hs256(byte[] secret, JWTClaimsSet claims) throws JOSEException {
        return sign(new MACSigner(secret), new JWSHeader(JWSAlgorithm.HS256), claims);
    }

    static String rs256(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        return sign(new RSASSASigner(key), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims);
    }

    static String es256(ECKey key, JWTClaimsSet claims) throws JOSEException {
        return sign(new ECDSASigner(key), new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                claims);
    }

    static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
