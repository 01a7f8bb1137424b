package com.example.commands;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.api.Execution;

/** {@code echo}: replies with its argument unchanged. */
public final class EchoCommand implements CommandHandler {

    @Override
    public String name() {
        return "echo";
    }

    /** Returns at once and waits for nothing, so it may run on the I/O thread. */
    @Override
    public Execution execution() {
        return Execution.NON_BLOCKING;
    }

    @Override
    public String execute(CommandRequest request) {
        return request.argument();
    }
}
