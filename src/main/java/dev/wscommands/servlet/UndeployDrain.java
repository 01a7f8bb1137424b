package dev.wscommands.servlet;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Runs the graceful shutdown on undeploy before the container's own WebSocket support closes the sessions. It
 * answers no request (it has no mapping) and exists for its {@link #destroy()}: a container stops a web
 * application's servlets before it calls its listeners' {@code contextDestroyed}, and Tomcat closes every
 * WebSocket session in a listener of its own, ahead of the application's; a drain that waited for
 * {@link WebAppLifecycle#contextDestroyed} would find the sessions gone there (Jetty, GlassFish and Payara still
 * had them). Loaded at start-up, since a servlet never loaded is never destroyed.
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
