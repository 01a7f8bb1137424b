package dev.wscommands.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may connect and who may run which command, built in one place ({@link SettingsReader#readSecurity}) from
 * the same flags, environment variables and context parameters as {@link ServerSettings}. Either key file turns
 * authentication on: then every handshake must carry a valid JSON Web Token.
 *
 * @param jwtSecretFile a file whose bytes, as they are, are the HMAC key (HS256, HS384, HS512)
 * @param jwtJwksFile   a JWKS file of RSA and EC public keys, chosen by {@code kid}; re-read when it changes
 * @param jwtIssuer     the {@code iss} every token must have, when set
 * @param jwtAudience   a value the {@code aud} of every token must contain, when set
 * @param jwtClockSkew  tolerance on {@code exp} and {@code nbf}; a connection is closed this long after its
 *                      token's {@code exp}
 * @param jwtRolesClaim the claim that holds the caller's roles
 * @param commandRoles  who may run a command, by command name, overriding its annotations: role names, or
 *                      {@value #ANY_AUTHENTICATED} for any authenticated caller
 */
public record SecuritySettings(Optional<Path> jwtSecretFile, Optional<Path> jwtJwksFile, Optional<String> jwtIssuer,
                               Optional<String> jwtAudience, Duration jwtClockSkew, String jwtRolesClaim,
                               Map<String, Set<String>> commandRoles) {

    /** In {@link #commandRoles()}: any authenticated caller. */
    public static final String ANY_AUTHENTICATED = "*";
    public static final Duration DEFAULT_JWT_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final String DEFAULT_JWT_ROLES_CLAIM = "groups";

    public SecuritySettings {
        if (jwtClockSkew == null || jwtClockSkew.isNegative()) {
            throw new IllegalArgumentException(SettingsReader.JWT_CLOCK_SKEW + " must not be negative, was "
                    + jwtClockSkew);
        }
        if (jwtClockSkew.compareTo(Duration.ofMinutes(10)) > 0) {
            // A tolerance that long is a token lifetime, not a clock difference.
            throw new IllegalArgumentException(SettingsReader.JWT_CLOCK_SKEW + " must be at most 10m, was "
                    + jwtClockSkew.toSeconds() + "s");
        }
        if (jwtRolesClaim == null || jwtRolesClaim.isBlank()) {
            throw new IllegalArgumentException(SettingsReader.JWT_ROLES_CLAIM + " must not be empty");
        }
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        commandRoles.forEach((command, roles) -> {
            if (roles.isEmpty()) {
                throw new IllegalArgumentException(SettingsReader.COMMAND_ROLES + ": command \"" + command
                        + "\" needs at least one role, or " + ANY_AUTHENTICATED);
            }
            copy.put(command, Set.copyOf(roles));
        });
        commandRoles = java.util.Collections.unmodifiableMap(copy);
    }

    /** Authentication off, no overrides. */
    public static SecuritySettings defaults() {
        return new SecuritySettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_JWT_CLOCK_SKEW, DEFAULT_JWT_ROLES_CLAIM, Map.of());
    }

    /** Whether every handshake must carry a token. */
    public boolean authenticationOn() {
        return jwtSecretFile.isPresent() || jwtJwksFile.isPresent();
    }

    public SecuritySettings withSecretFile(Path file) {
        return new SecuritySettings(Optional.of(file), jwtJwksFile, jwtIssuer, jwtAudience, jwtClockSkew,
                jwtRolesClaim, commandRoles);
    }

    public SecuritySettings withJwksFile(Path file) {
        return new SecuritySettings(jwtSecretFile, Optional.of(file), jwtIssuer, jwtAudience, jwtClockSkew,
                jwtRolesClaim, commandRoles);
    }

    public SecuritySettings withIssuerAndAudience(String issuer, String audience) {
        return new SecuritySettings(jwtSecretFile, jwtJwksFile, Optional.ofNullable(issuer),
                Optional.ofNullable(audience), jwtClockSkew, jwtRolesClaim, commandRoles);
    }

    public SecuritySettings withClockSkew(Duration skew) {
        return new SecuritySettings(jwtSecretFile, jwtJwksFile, jwtIssuer, jwtAudience, skew, jwtRolesClaim,
                commandRoles);
    }

    public SecuritySettings withCommandRoles(Map<String, Set<String>> roles) {
        return new SecuritySettings(jwtSecretFile, jwtJwksFile, jwtIssuer, jwtAudience, jwtClockSkew, jwtRolesClaim,
                roles);
    }
}
