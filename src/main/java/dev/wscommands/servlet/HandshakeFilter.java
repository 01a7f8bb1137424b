package dev.wscommands.servlet;

import dev.wscommands.api.Caller;
import dev.wscommands.auth.Credentials;
import dev.wscommands.auth.Verdict;
import dev.wscommands.operations.LogLimiter;
import dev.wscommands.operations.Refusal;
import dev.wscommands.protocol.ClientId;
import dev.wscommands.server.ServerRuntime;
import dev.wscommands.session.OriginPolicy;
import dev.wscommands.websocket.CommandEndpointConfigurator;
import dev.wscommands.websocket.HandshakeScope;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs in front of the container's WebSocket upgrade (the WAR only), for what JSR 356 does not offer:
 * <ul>
 *   <li>refuses, with HTTP 403, a handshake whose {@code Origin} the {@link OriginPolicy} does not allow
 *       ({@code Configurator.checkOrigin} sees the {@code Origin} alone, without the {@code Host} that "same
 *       origin" is measured against);</li>
 *   <li>refuses, with HTTP 400 and before the upgrade, a handshake whose {@code Client-Id} (header or
 *       {@code client-id} query parameter) is not a valid client ID;</li>
 *   <li>authenticates the handshake: the container's principal when its security constraint logged the caller
 *       in, else, with authentication on, a bearer token ({@link dev.wscommands.auth.Authenticator}), refusing
 *       one without a valid token with HTTP 401 and {@code WWW-Authenticate: Bearer}; the caller reaches the
 *       endpoint's configurator through the {@link HandshakeScope};</li>
 *   <li>hands the client's address to the endpoint, in the {@link #ADDRESS_HEADER} request header, for
 *       containers that do not publish it on the session (Tomcat): the per-address connection limit needs it.
 *       A value the client sent itself is replaced.</li>
 * </ul>
 */
public final class HandshakeFilter implements Filter {

    private static final String ADDRESS_HEADER = CommandEndpointConfigurator.ADDRESS_HEADER;
    private static final Logger LOG = Logger.getLogger(HandshakeFilter.class.getName());

    private final ServerRuntime runtime;
    /** Refusals are the client's doing: logged, but not so many that a client could flood the log. */
    private final LogLimiter refusals = new LogLimiter(LOG, 60);

    public HandshakeFilter(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse reply) {
            String origin = http.getHeader("Origin");
            if (!runtime.origins().allows(origin, http.getHeader("Host"))) {
                runtime.metrics().refused(Refusal.ORIGIN);
                LOG.info(() -> "handshake from " + http.getRemoteAddr() + " refused: origin " + origin);
                reply.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
                return;
            }
            Optional<String> badClientId = ClientId.fromHandshake(http.getHeader(ClientId.HEADER),
                    http.getQueryString()).flatMap(ClientId::problem);
            if (badClientId.isPresent()) {
                LOG.fine(() -> "handshake from " + http.getRemoteAddr() + " refused: " + badClientId.get());
                reply.sendError(HttpServletResponse.SC_BAD_REQUEST, badClientId.get());
                return;
            }
            Verdict verdict = authenticate(http);
            if (verdict instanceof Verdict.Refused refused) {
                runtime.metrics().refused(Refusal.UNAUTHENTICATED);
                refusals.log(Level.INFO, () -> "handshake from " + http.getRemoteAddr() + " refused with 401: "
                        + refused.reason());
                byte[] body = refused.body().getBytes(StandardCharsets.UTF_8);
                reply.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                reply.setHeader("WWW-Authenticate", refused.wwwAuthenticate());
                reply.setContentType("text/plain; charset=utf-8");
                reply.setContentLength(body.length);
                reply.getOutputStream().write(body);
                return;
            }
            try (HandshakeScope scope = HandshakeScope.bind(runtime, (Verdict.Admitted) verdict)) {
                chain.doFilter(new WithAddress(http), response);
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Who the handshake is from: the container's principal when its security constraint logged the caller in
     * (with those of the roles the commands name that the container gives the caller), else the caller of a
     * valid token when authentication is on; {@code null} (anonymous) when neither applies.
     */
    private Verdict authenticate(HttpServletRequest http) {
        Principal principal = http.getUserPrincipal();
        if (principal != null) {
            Set<String> roles = new TreeSet<>();
            for (String role : runtime.permissions().roleNames()) {
                if (http.isUserInRole(role)) {
                    roles.add(role);
                }
            }
            return new Verdict.Admitted(new Caller(principal.getName(), roles, Map.of()), Optional.empty());
        }
        if (runtime.authenticator().isEmpty()) {
            return null;
        }
        return runtime.authenticator().get().authenticate(new Credentials(
                Collections.list(http.getHeaders("Authorization")),
                Collections.list(http.getHeaders("Sec-WebSocket-Protocol")), http.getQueryString()));
    }

    /** The request, with the client's address in {@link #ADDRESS_HEADER}. */
    private static final class WithAddress extends HttpServletRequestWrapper {

        WithAddress(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return ADDRESS_HEADER.equalsIgnoreCase(name) ? getRemoteAddr() : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return ADDRESS_HEADER.equalsIgnoreCase(name)
                    ? Collections.enumeration(java.util.List.of(getRemoteAddr())) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            java.util.List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(ADDRESS_HEADER::equalsIgnoreCase);
            names.add(ADDRESS_HEADER);
            return Collections.enumeration(names);
        }
    }
}
