package dev.wscommands.commands;

import dev.wscommands.api.CommandHandler;

/**
 * A command that a server answers, with where it came from, for the start-up log and for refusals.
 *
 * @param handler the handler
 * @param source  where it was found: a jar's file name, {@code built-in}, or {@code CDI bean}
 */
public record RegisteredCommand(CommandHandler handler, String source) {

    public String name() {
        return handler.name();
    }

    /** {@code "echo" (EchoCommand from example-commands.jar)} */
    public String describe() {
        return '"' + name() + "\" (" + handler.getClass().getName() + " from " + source + ")";
    }
}
