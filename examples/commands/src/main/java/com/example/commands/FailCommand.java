package com.example.commands;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;

/**
 * {@code fail}: fails the way a bug does. The server logs the exception with its stack trace; the client sees
 * only {@code command failed}, never the message below.
 */
public final class FailCommand implements CommandHandler {

    @Override
    public String name() {
        return "fail";
    }

    @Override
    public String execute(CommandRequest request) {
        throw new IllegalStateException("internal detail: secret-token-1234");
    }
}
