/**
 * Layer 6, the Jakarta WebSocket (JSR 356) adapter: the annotated endpoint at {@code /server}, its
 * configurator, and the {@link dev.wscommands.session.Peer} over a JSR 356 session. The only layer of the
 * service that imports {@code jakarta.websocket}; the hosts above it register the endpoint.
 */
package dev.wscommands.websocket;
