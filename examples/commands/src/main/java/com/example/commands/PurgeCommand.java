package com.example.commands;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.api.Execution;
import jakarta.annotation.security.RolesAllowed;

/**
 * {@code purge}: replies {@code purged}, to callers in the role {@code admin} only; anyone else is answered
 * {@code forbidden: ...} and the command does not run. The operator can change who may with
 * {@code --command-roles purge=ROLE}.
 */
@RolesAllowed("admin")
public final class PurgeCommand implements CommandHandler {

    @Override
    public String name() {
        return "purge";
    }

    @Override
    public Execution execution() {
        return Execution.NON_BLOCKING;
    }

    @Override
    public String execute(CommandRequest request) {
        return "purged";
    }
}
