package dev.wscommands.servlet;

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
import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Runs in front of the container's WebSocket upgrade (the WAR only), for what JSR 356 does not offer:
 * <ul>
 *   <li>refuses, with HTTP 403, a handshake whose {@code Origin} the {@link OriginPolicy} does not allow
 *       ({@code Configurator.checkOrigin} sees the {@code Origin} alone, without the {@code Host} that "same
 *       origin" is measured against);</li>
 *   <li>refuses, with HTTP 400 and before the upgrade, a handshake whose {@code Client-Id} (header or
 *       {@code client-id} query parameter) is not a valid client ID;</li>
 *   <li>hands the client's address to the endpoint, in the {@link #ADDRESS_HEADER} request header, for
 *       containers that do not publish it on the session (Tomcat): the per-address connection limit needs it.
 *       A value the client sent itself is replaced.</li>
 * </ul>
 */
public final class HandshakeFilter implements Filter {

    private static final String ADDRESS_HEADER = CommandEndpointConfigurator.ADDRESS_HEADER;
    private static final Logger LOG = Logger.getLogger(HandshakeFilter.class.getName());

    private final ServerRuntime runtime;

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
            try (HandshakeScope scope = HandshakeScope.bind(runtime)) {
                chain.doFilter(new WithAddress(http), response);
            }
            return;
        }
        chain.doFilter(request, response);
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
