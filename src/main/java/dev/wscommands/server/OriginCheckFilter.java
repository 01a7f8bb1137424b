package dev.wscommands.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Refuses, with HTTP 403, a WebSocket handshake whose {@code Origin} the {@link OriginPolicy} does not allow.
 * It runs in front of the container's WebSocket upgrade because JSR 356's
 * {@code Configurator.checkOrigin} sees the {@code Origin} alone, without the {@code Host} that "same origin"
 * is measured against.
 */
public final class OriginCheckFilter implements Filter {

    private static final Logger LOG = Logger.getLogger(OriginCheckFilter.class.getName());

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse reply) {
            String origin = http.getHeader("Origin");
            ServerRuntime runtime = ServerRuntime.current();
            if (!runtime.origins().allows(origin, http.getHeader("Host"))) {
                runtime.metrics().refused(Refusal.ORIGIN);
                LOG.info(() -> "handshake from " + http.getRemoteAddr() + " refused: origin " + origin);
                reply.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
