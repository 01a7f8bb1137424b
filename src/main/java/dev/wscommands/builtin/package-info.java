/**
 * The built-in commands, written against the command API like any plug-in and found the same way, through
 * {@code META-INF/services/dev.wscommands.api.CommandHandler}. Layer 1: imports only {@code api}.
 */
package dev.wscommands.builtin;
