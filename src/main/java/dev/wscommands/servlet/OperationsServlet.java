package dev.wscommands.servlet;

import dev.wscommands.operations.HealthReport;
import dev.wscommands.operations.ServerMetrics;
import dev.wscommands.server.ServerRuntime;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /health} and {@code GET /metrics} in the WAR, under its context path; the standalone server
 * answers the same from its own HTTP handler.
 */
public final class OperationsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String HEALTH = "/health";
    static final String METRICS = "/metrics";

    private final transient ServerRuntime runtime;

    public OperationsServlet(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Probes and scrapers must always see the state of now.
        response.setHeader("Cache-Control", "no-store");
        switch (request.getServletPath()) {
            case HEALTH -> {
                HealthReport health = runtime.health();
                write(response, health.httpStatus(), HealthReport.CONTENT_TYPE, health.json());
            }
            case METRICS -> {
                Optional<String> scrape = runtime.metrics().scrape();
                if (scrape.isPresent()) {
                    write(response, HttpServletResponse.SC_OK, ServerMetrics.CONTENT_TYPE, scrape.get());
                } else {
                    write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "text/plain", ServerMetrics.UNAVAILABLE);
                }
            }
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private static void write(HttpServletResponse response, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
