/**
 * Layer 5: {@link dev.wscommands.server.ServerRuntime}, the parts one server shares, wired together. A host
 * (the standalone server, the WAR) creates one per server and hands it down; there is no static instance.
 */
package dev.wscommands.server;
