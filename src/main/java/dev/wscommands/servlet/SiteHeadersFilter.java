package dev.wscommands.servlet;

import dev.wscommands.server.SiteHeaders;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Gives every response of the WAR the {@link SiteHeaders} the standalone server sends: {@code nosniff} and
 * {@code Referrer-Policy} on all, a charset on text types, and on pages the console's
 * {@code Content-Security-Policy}. The container's own file servlet chooses the content type; this filter
 * sees it as it is set, so that the same headers come from every container.
 */
public final class SiteHeadersFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse reply) {
            SiteHeaders.common().forEach(reply::setHeader);
            chain.doFilter(request, new WithSiteHeaders(reply, http.getHeader("Host")));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The response, adding the charset and, for a page, its policy when the content type is set. */
    private static final class WithSiteHeaders extends HttpServletResponseWrapper {

        private final String host;

        WithSiteHeaders(HttpServletResponse response, String host) {
            super(response);
            this.host = host;
        }

        @Override
        public void setContentType(String type) {
            if (type == null) {
                super.setContentType(null);
                return;
            }
            super.setContentType(SiteHeaders.withCharset(type));
            if (SiteHeaders.isPage(type)) {
                SiteHeaders.page(host).forEach(this::setHeader);
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if ("Content-Type".equalsIgnoreCase(name) && value != null) {
                setContentType(value);
            } else {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if ("Content-Type".equalsIgnoreCase(name) && value != null) {
                setContentType(value);
            } else {
                super.addHeader(name, value);
            }
        }
    }
}
