package dev.wscommands.api;

/**
 * One request, as a command sees it.
 *
 * @param requestId the request's {@code RequestID}; the reply carries it back
 * @param command   the request's {@code Command}: the handler's {@linkplain CommandHandler#name() name}
 * @param argument  the request's {@code SomeOtherThing}, the command's argument; empty when not given
 */
public record CommandRequest(long requestId, String command, String argument) {

    public CommandRequest {
        command = command == null ? "" : command;
        argument = argument == null ? "" : argument;
    }
}
