package com.example.commands;

import dev.wscommands.api.Caller;
import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.api.Execution;
import java.util.TreeSet;

/**
 * {@code whoami}: replies with the caller's name and roles, {@code alice (roles: ops)}; {@code anonymous (roles:
 * none)} when the server does not authenticate. It declares no roles, so any caller who may connect may run it.
 */
public final class WhoamiCommand implements CommandHandler {

    @Override
    public String name() {
        return "whoami";
    }

    @Override
    public Execution execution() {
        return Execution.NON_BLOCKING;
    }

    @Override
    public String execute(CommandRequest request) {
        Caller caller = request.caller();
        String roles = caller.roles().isEmpty() ? "none" : String.join(",", new TreeSet<>(caller.roles()));
        return caller.name() + " (roles: " + roles + ")";
    }
}
