package dev.wscommands.standalone;

import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Puts the HTTP edge into a listener's filter chain: the {@link HttpConnectionGate} first (before TLS, so that a
 * stalled TLS handshake is timed too), the {@link MalformedRequestFilter} right before Grizzly's HTTP codec, and
 * the {@link RequestCheckFilter} right after it, in front of Tyrus and the HTTP handlers.
 */
final class HttpEdgeAddOn implements AddOn {

    private final HttpConnectionGate gate;

    HttpEdgeAddOn(HttpConnectionGate gate) {
        this.gate = gate;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("no HTTP codec in the filter chain");
        }
        builder.add(codec + 1, new RequestCheckFilter(gate));
        builder.add(codec, new MalformedRequestFilter());
        // Index 0 is the transport.
        builder.add(1, gate);
    }
}
