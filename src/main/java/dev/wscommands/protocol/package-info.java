/**
 * The wire protocol: the {@link dev.wscommands.protocol.Message} of the original Go program and its JSON-B
 * codecs, shared by the server, the client and the tools.
 */
package dev.wscommands.protocol;
