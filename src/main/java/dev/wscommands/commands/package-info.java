/**
 * Layer 3, commands: which commands a server answers, and how a request becomes its reply. Imports
 * {@code protocol}, {@code settings} and {@code operations}; nothing of a WebSocket API.
 */
package dev.wscommands.commands;
