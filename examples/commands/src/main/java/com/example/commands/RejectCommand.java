package com.example.commands;

import dev.wscommands.api.CommandFailure;
import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;

/** {@code reject}: fails with a message meant for the client, which becomes the reply's {@code Error}. */
public final class RejectCommand implements CommandHandler {

    @Override
    public String name() {
        return "reject";
    }

    @Override
    public String execute(CommandRequest request) {
        throw new CommandFailure("rejected as requested");
    }
}
