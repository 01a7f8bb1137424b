/**
 * The server side, the same in the WAR and the standalone server: the endpoint, command handling and the
 * state that sessions share.
 */
package dev.wscommands.server;
