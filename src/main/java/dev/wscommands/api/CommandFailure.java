package dev.wscommands.api;

/**
 * A command's failure whose message is meant for the client: it becomes the reply's {@code Error}, with
 * {@code Success:false}, and the server logs nothing. Say what went wrong in the client's terms, never
 * internals. Any other exception a command throws reaches the client only as {@code command failed}.
 */
public class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandFailure(String clientMessage) {
        super(clientMessage, null, false, false);
    }
}
