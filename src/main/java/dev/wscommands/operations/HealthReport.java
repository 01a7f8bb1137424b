package dev.wscommands.operations;

import java.time.Duration;

/**
 * The answer to {@code GET /health}: {@code UP} (HTTP 200) while the server admits sessions, {@code DRAINING}
 * (HTTP 503, so that a load balancer stops sending new clients) once a graceful shutdown has begun.
 *
 * @param draining       whether the server is shutting down
 * @param sessions       sessions open now
 * @param maxConnections the most sessions the server admits
 * @param uptime         time since the server started
 */
public record HealthReport(boolean draining, int sessions, int maxConnections, Duration uptime) {

    public static final String CONTENT_TYPE = "application/json";

    /** 200 while up, 503 while draining. */
    public int httpStatus() {
        return draining ? 503 : 200;
    }

    /** {@code {"status":"UP","sessions":3,"maxConnections":10000,"uptimeSeconds":42}} */
    public String json() {
        return "{\"status\":\"" + (draining ? "DRAINING" : "UP") + "\",\"sessions\":" + sessions
                + ",\"maxConnections\":" + maxConnections + ",\"uptimeSeconds\":" + uptime.toSeconds() + "}";
    }
}
