/**
 * Layer 1, settings: the server's limits as one immutable {@link dev.wscommands.settings.ServerSettings}, each
 * setting's name and default, and how they are read from flags, environment variables and servlet context
 * parameters. Imports nothing of ws-commands.
 */
package dev.wscommands.settings;
