package dev.wscommands.commands;

/**
 * The commands cannot be loaded: two handlers for one name, a plug-in jar that cannot be read, or a handler
 * that cannot be created. The message is one line that names the command and where it came from; a server
 * does not start with it.
 */
public final class CommandLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public CommandLoadException(String message) {
        super(message);
    }
}
