package dev.wscommands.commands;

import dev.wscommands.api.CommandHandler;

/**
 * A command that a server answers, with where it came from, for the start-up log and for refusals.
 *
 * @param handler the handler
 * @param type    the handler's class as its author wrote it (not a container's proxy of it)
 * @param source  where it was found: a jar's file name, {@code built-in}, or {@code CDI bean}
 */
public record RegisteredCommand(CommandHandler handler, Class<?> type, String source) {

    /** A command whose handler is an instance of its own class. */
    public RegisteredCommand(CommandHandler handler, String source) {
        this(handler, handler.getClass(), source);
    }

    public String name() {
        return handler.name();
    }

    /** {@code "echo" (EchoCommand from example-commands.jar)} */
    public String describe() {
        return '"' + name() + "\" (" + type.getName() + " from " + source + ")";
    }
}
