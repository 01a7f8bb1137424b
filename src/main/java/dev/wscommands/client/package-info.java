/**
 * The command client: {@link dev.wscommands.client.CommandClient} keeps one connection to the server alive
 * (heartbeat, reconnect with backoff) and answers every request at least once.
 */
package dev.wscommands.client;
