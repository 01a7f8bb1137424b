/**
 * Layer 7, host for servlet containers (the WAR): the context listener that creates the runtime and
 * registers the endpoint, the handshake filter and the operations servlet.
 */
package dev.wscommands.servlet;
