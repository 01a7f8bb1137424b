package dev.wscommands.standalone;

import java.io.IOException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Lets a WebSocket connection drop its HTTP handshake request. Grizzly's HTTP codec keeps the request of an
 * upgraded connection for the connection's whole life (about 9 KB of header buffers and chunks: over half of
 * what an idle connection holds), because it passes every later read through as that request's body. This
 * filter, right in front of the codec, sends an upgraded connection's reads past the codec instead, wrapped as
 * the codec would wrap them, and removes the request from the connection as soon as the handshake's read is
 * done.
 *
 * <p>An upgraded connection is one that Tyrus has taken over: Tyrus marks it with its own connection attribute,
 * found here by its name; if a Tyrus version renames it (or its filter), no connection counts as upgraded and
 * every read takes the codec's path, as without this filter. The filters between the codec and Tyrus's
 * (Grizzly's file cache, our request checks) have nothing to do with a WebSocket connection's frames.
 */
final class UpgradedConnectionFilter extends BaseFilter {

    private static final Attribute<Object> TYRUS_CONNECTION = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
            "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter.Connection");
    private static final Attribute<Object> HANDSHAKE_REQUEST =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
    /** Stands in for the handshake request: Tyrus reads only the content of an upgraded connection's reads. */
    private static final HttpRequestPacket UPGRADED = HttpRequestPacket.builder()
            .method("GET").uri("/").protocol(Protocol.HTTP_1_1).upgrade("websocket").build();

    /** How many places after this filter Tyrus's filter is; set once the chain is built. */
    private int toTyrus;

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        if (!(ctx.getMessage() instanceof Buffer bytes)) {
            return ctx.getInvokeAction();
        }
        if (!TYRUS_CONNECTION.isSet(connection)) {
            // Once the read that carries the handshake is done (the 101 written, Tyrus in charge), the request is
            // no longer needed: an idle connection may never read again, so it goes now.
            ctx.addCompletionListener(done -> {
                if (TYRUS_CONNECTION.isSet(connection)) {
                    HANDSHAKE_REQUEST.remove(connection);
                }
            });
            return ctx.getInvokeAction();
        }
        ctx.setMessage(HttpContent.builder(UPGRADED).content(bytes).last(false).build());
        // Straight to Tyrus: the chain goes on with the filter after the one whose index is set here.
        ctx.setFilterIdx(ctx.getFilterIdx() + toTyrus - 1);
        return ctx.getInvokeAction();
    }

    /** Puts the filter right in front of the HTTP codec; registered after Tyrus's add-on. */
    static final class Install implements AddOn {

        private static final String TYRUS_FILTER = "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter";

        @Override
        public void setup(NetworkListener listener, FilterChainBuilder builder) {
            int codec = builder.indexOfType(HttpServerFilter.class);
            int tyrus = -1;
            try {
                tyrus = builder.indexOfType(Class.forName(TYRUS_FILTER).asSubclass(Filter.class));
            } catch (ClassNotFoundException | ClassCastException e) {
                // Without Tyrus's filter in view there is nothing to send reads to: leave the chain as it is.
            }
            if (codec < 0 || tyrus <= codec) {
                return;
            }
            UpgradedConnectionFilter filter = new UpgradedConnectionFilter();
            builder.add(codec, filter);
            filter.toTyrus = tyrus + 1 - codec;
        }
    }
}
