/**
 * Layer 4, the session core: one connection's rules ({@link dev.wscommands.session.CommandSession}) and every
 * connection of a server with their limits ({@link dev.wscommands.session.SessionRegistry}), above a
 * {@link dev.wscommands.session.Peer} that the WebSocket adapter implements. Plain Java: no {@code jakarta.*}
 * import, so it is tested without sockets.
 */
package dev.wscommands.session;
