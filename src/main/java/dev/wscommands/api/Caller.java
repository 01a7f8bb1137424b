package dev.wscommands.api;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request: the identity the connection's handshake established. With authentication off every
 * caller is {@link #ANONYMOUS}; with it on, the name is the token's subject (or the container's principal)
 * and the roles are the token's roles claim (or the container's roles).
 *
 * @param name   the caller's name; {@code "anonymous"} for the anonymous caller
 * @param roles  the caller's roles
 * @param claims the verified token's claims, by name, as JSON values (strings, numbers, booleans, lists and
 *               maps); empty when the caller was not authenticated by a token
 */
public record Caller(String name, Set<String> roles, Map<String, Object> claims) {

    /** The caller of a connection without authentication. */
    public static final Caller ANONYMOUS = new Caller("anonymous", Set.of(), Map.of());

    public Caller {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        claims = Map.copyOf(claims);
    }

    /** Whether this is the caller of a connection without authentication. */
    public boolean isAnonymous() {
        return this == ANONYMOUS || (roles.isEmpty() && claims.isEmpty() && "anonymous".equals(name));
    }

    /** Whether the caller has {@code role}. */
    public boolean isInRole(String role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        // Claims stay out: a log line names the caller, never what the token carries.
        return name;
    }
}
