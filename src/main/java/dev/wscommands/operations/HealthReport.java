package dev.wscommands.operations;

import java.time.Duration;
import java.util.List;

/**
 * The answer to {@code GET /health}: {@code UP} (HTTP 200) while the server admits sessions, {@code DRAINING}
 * (HTTP 503, so that a load balancer stops sending new clients) once a graceful shutdown has begun.
 *
 * @param draining       whether the server is shutting down
 * @param sessions       sessions open now
 * @param maxConnections the most sessions the server admits
 * @param uptime         time since the server started
 * @param commands       the commands the server answers
 * @param replyStore     where the replies for resends are kept: {@code memory} or {@code redis}
 * @param replyStoreUp   whether that store answers; while it does not, requests with a client ID are answered
 *                       busy (the status stays {@code UP}: the servers of a fleet share the store, and requests
 *                       without a client ID are served)
 */
public record HealthReport(boolean draining, int sessions, int maxConnections, Duration uptime,
        List<String> commands, String replyStore, boolean replyStoreUp) {

    public static final String CONTENT_TYPE = "application/json";

    /** 200 while up, 503 while draining. */
    public int httpStatus() {
        return draining ? 503 : 200;
    }

    /**
     * {@code {"status":"UP","sessions":3,"maxConnections":10000,"uptimeSeconds":42,
     * "commands":["Eject the hot dog.","heartbeat"],"replyStore":{"kind":"memory","status":"UP"}}}
     */
    public String json() {
        StringBuilder json = new StringBuilder("{\"status\":\"").append(draining ? "DRAINING" : "UP")
                .append("\",\"sessions\":").append(sessions)
                .append(",\"maxConnections\":").append(maxConnections)
                .append(",\"uptimeSeconds\":").append(uptime.toSeconds())
                .append(",\"commands\":[");
        for (int i = 0; i < commands.size(); i++) {
            json.append(i == 0 ? "" : ",");
            string(json, commands.get(i));
        }
        json.append("],\"replyStore\":{\"kind\":");
        string(json, replyStore);
        return json.append(",\"status\":\"").append(replyStoreUp ? "UP" : "DOWN").append("\"}}").toString();
    }

    private static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
