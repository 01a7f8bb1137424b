package dev.wscommands.standalone;

import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * A plain 404 for every path the management listener does not serve. Without a handler at {@code /}, Grizzly
 * hands such paths to the first handler registered (here {@code /health}).
 */
final class NotFoundHandler extends HttpHandler {

    private static final byte[] BODY = "404 Not Found\n".getBytes(StandardCharsets.UTF_8);

    @Override
    public void service(Request request, Response response) throws Exception {
        response.setStatus(404);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(BODY.length);
        response.getOutputStream().write(BODY);
    }
}
