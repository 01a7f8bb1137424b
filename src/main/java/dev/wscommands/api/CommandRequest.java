package dev.wscommands.api;

import java.util.Objects;

/**
 * One request, as a command sees it.
 *
 * @param requestId  the request's {@code RequestID}; the reply carries it back
 * @param command    the request's {@code Command}: the handler's {@linkplain CommandHandler#name() name}
 * @param argument   the request's {@code SomeOtherThing}, the command's argument; empty when not given
 * @param caller     who sent it; {@link Caller#ANONYMOUS} when authentication is off
 * @param connection the connection it came in on; {@link CommandConnection#NONE} outside a server
 */
public record CommandRequest(long requestId, String command, String argument, Caller caller,
                             CommandConnection connection) {

    public CommandRequest {
        command = command == null ? "" : command;
        argument = argument == null ? "" : argument;
        caller = Objects.requireNonNullElse(caller, Caller.ANONYMOUS);
        connection = Objects.requireNonNullElse(connection, CommandConnection.NONE);
    }

    /** A request of {@code caller} made outside a server. */
    public CommandRequest(long requestId, String command, String argument, Caller caller) {
        this(requestId, command, argument, caller, CommandConnection.NONE);
    }

    /** A request of the anonymous caller. */
    public CommandRequest(long requestId, String command, String argument) {
        this(requestId, command, argument, Caller.ANONYMOUS);
    }

    /** Whether the caller has {@code role}: a command's own finer decisions. */
    public boolean isCallerInRole(String role) {
        return caller.isInRole(role);
    }
}
