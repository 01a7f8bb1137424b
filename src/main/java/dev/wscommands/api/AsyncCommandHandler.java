package dev.wscommands.api;

import java.util.concurrent.CompletionStage;

/**
 * A command that answers later: {@link #executeAsync} starts the work and returns at once, on the I/O thread
 * that read the request, and the reply is sent when the stage completes. A stage that fails with a
 * {@link CommandFailure} sends its message to the client; when the command times out or its connection
 * closes, the stage is cancelled (if it is a {@link java.util.concurrent.Future}).
 */
public interface AsyncCommandHandler extends CommandHandler {

    /**
     * Starts {@code request}; must not block.
     *
     * @return a stage that completes with the reply's {@code SomeOtherThing}
     */
    CompletionStage<String> executeAsync(CommandRequest request);

    /** Asynchronous handlers start on the I/O thread: starting must not block. */
    @Override
    default Execution execution() {
        return Execution.NON_BLOCKING;
    }

    /** Not used for an asynchronous handler: the server calls {@link #executeAsync}. */
    @Override
    default String execute(CommandRequest request) {
        throw new UnsupportedOperationException("an AsyncCommandHandler is run through executeAsync");
    }
}
