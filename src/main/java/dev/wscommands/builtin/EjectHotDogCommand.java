package dev.wscommands.builtin;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.api.Execution;

/** The original program's one command. */
public final class EjectHotDogCommand implements CommandHandler {

    public static final String NAME = "Eject the hot dog.";
    public static final String RESULT = "The hot dog left the castle as requested.";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Execution execution() {
        return Execution.NON_BLOCKING;
    }

    @Override
    public String execute(CommandRequest request) {
        return RESULT;
    }
}
