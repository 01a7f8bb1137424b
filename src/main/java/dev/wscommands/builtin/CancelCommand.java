package dev.wscommands.builtin;

import dev.wscommands.api.CommandFailure;
import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.api.Execution;

/**
 * {@code cancel}: stops the command still running for another request of the same connection, whose
 * {@code RequestID} is its argument. That request is answered {@code Success:false},
 * {@code Error:"cancelled by the client"} first; then {@code cancel} itself answers {@code cancelled RequestID N},
 * or fails when nothing of that RequestID is running.
 */
public final class CancelCommand implements CommandHandler {

    public static final String NAME = "cancel";

    @Override
    public String name() {
        return NAME;
    }

    /** Cancelling takes microseconds, and must not wait behind the very commands it would stop. */
    @Override
    public Execution execution() {
        return Execution.NON_BLOCKING;
    }

    @Override
    public String execute(CommandRequest request) {
        long requestId;
        try {
            requestId = Long.parseLong(request.argument().strip());
        } catch (NumberFormatException e) {
            throw new CommandFailure("cancel needs the RequestID to cancel as its argument, a whole number");
        }
        if (!request.connection().cancel(requestId)) {
            throw new CommandFailure("nothing to cancel: no command is running for RequestID " + requestId
                    + " on this connection (unknown, or finished already)");
        }
        return "cancelled RequestID " + requestId;
    }
}
