package dev.wscommands.servlet;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Runs the graceful shutdown on undeploy before the container's own WebSocket support closes the sessions. It
 * answers no request (it has no mapping) and exists for its {@link #destroy()}: Tomcat, GlassFish and Payara
 * stop a web application's servlets first, then its filters (Tyrus closes every session there), then call its
 * listeners' {@code contextDestroyed} (Tomcat closes every session there); a drain that waited for
 * {@link WebAppLifecycle#contextDestroyed} would find the sessions gone. Loaded at start-up, since a servlet
 * never loaded is never destroyed.
 */
final class UndeployDrain extends GenericServlet {

    private final transient Runnable drain;

    UndeployDrain(Runnable drain) {
        this.drain = drain;
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) {
        // never mapped to a URL: nothing to serve
    }

    @Override
    public void destroy() {
        drain.run();
    }
}
