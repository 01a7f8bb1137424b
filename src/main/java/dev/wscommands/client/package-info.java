/**
 * The command client. {@link dev.wscommands.client.CommandClient} is the facade: connect, send, stats, close.
 * Behind it, on one {@code ClientThread}: {@code ConnectionSupervisor} is the state machine that keeps one
 * connection open (heartbeat, reconnect with {@link dev.wscommands.client.Backoff}, stop when
 * {@code ReconnectPolicy} says retrying cannot help); {@code RequestDispatcher} writes the
 * {@code PendingRequests} to it, matches replies and enforces deadlines; {@code Connection} is one connection's
 * state. {@link dev.wscommands.client.ClientContainer} is the WebSocket container, private or shared; its
 * {@code ReplyFrameGuard} refuses replies over the size limit and binary messages on their frame header.
 * Imports {@code dev.wscommands.protocol} only, of this project.
 */
package dev.wscommands.client;
