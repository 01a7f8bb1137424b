package dev.wscommands.standalone;

import dev.wscommands.operations.HealthReport;
import dev.wscommands.operations.ServerMetrics;
import dev.wscommands.server.ServerRuntime;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * {@code GET /health} or {@code GET /metrics} of the standalone server (the WAR has
 * {@link dev.wscommands.servlet.OperationsServlet}).
 */
final class OperationsHandler extends HttpHandler {

    /** What one handler answers. */
    enum Kind { HEALTH, METRICS }

    private final ServerRuntime runtime;
    private final Kind kind;

    OperationsHandler(ServerRuntime runtime, Kind kind) {
        this.runtime = runtime;
        this.kind = kind;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (request.getMethod() != Method.GET && request.getMethod() != Method.HEAD) {
            response.setHeader(Header.Allow, "GET, HEAD");
            response.sendError(HttpStatus.METHOD_NOT_ALLOWED_405.getStatusCode());
            return;
        }
        // An "Upgrade: h2c" offer (Java's HttpClient sends one by default) makes Grizzly treat this response
        // as the start of an upgrade: it would leave out Content-Type and Content-Length and close the
        // connection after it. There is no upgrade here, so the offer is declined by forgetting it.
        request.getRequest().getUpgradeDC().recycle();
        request.getRequest().setIgnoreContentModifiers(false);
        response.setHeader(Header.CacheControl, "no-store");
        if (kind == Kind.HEALTH) {
            HealthReport health = runtime.health();
            write(response, health.httpStatus(), HealthReport.CONTENT_TYPE + "; charset=utf-8", health.json());
        } else {
            Optional<String> scrape = runtime.metrics().scrape();
            if (scrape.isPresent()) {
                write(response, HttpStatus.OK_200.getStatusCode(), ServerMetrics.CONTENT_TYPE, scrape.get());
            } else {
                write(response, HttpStatus.SERVICE_UNAVAILABLE_503.getStatusCode(), "text/plain; charset=utf-8",
                        ServerMetrics.UNAVAILABLE);
            }
        }
    }

    private static void write(Response response, int status, String contentType, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
