package dev.wscommands.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Checks the bytes of each request head with a {@link RequestHeadScanner} before Grizzly's HTTP codec parses
 * them (after TLS, when there is TLS), and answers a malformed request with 400 and closes the connection.
 */
final class MalformedRequestFilter extends BaseFilter {

    private static final Logger LOG = Logger.getLogger(MalformedRequestFilter.class.getName());
    private static final byte[] BAD_REQUEST = ("HTTP/1.1 400 Bad Request\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 16\r\n"
            + "Connection: close\r\n"
            + "\r\n"
            + "400 Bad Request\n").getBytes(StandardCharsets.US_ASCII);

    private final Attribute<RequestHeadScanner> scanners =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(MalformedRequestFilter.class.getName() + ".scanner");

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        RequestHeadScanner scanner = scanners.get(connection);
        if (scanner == null) {
            scanner = new RequestHeadScanner();
            scanners.set(connection, scanner);
        }
        if (scanner.passing()) {
            return ctx.getInvokeAction();
        }
        Buffer buffer = ctx.getMessage();
        if (scanner.scan(buffer::get, buffer.position(), buffer.limit())) {
            return ctx.getInvokeAction();
        }
        LOG.fine(() -> "malformed request from " + connection.getPeerAddress() + ": answered 400 and closed");
        buffer.tryDispose();
        ctx.write(Buffers.wrap(ctx.getMemoryManager(), BAD_REQUEST));
        // Closes once the answer is written.
        connection.closeSilently();
        return ctx.getStopAction();
    }
}
