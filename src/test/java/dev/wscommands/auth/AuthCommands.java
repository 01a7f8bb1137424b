package dev.wscommands.auth;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.commands.CommandCatalog;
import jakarta.annotation.security.RolesAllowed;
import java.util.TreeSet;

/** The example plug-in's two commands, as the authentication tests need them: {@code whoami} and {@code purge}. */
final class AuthCommands {

    private AuthCommands() {
    }

    static CommandCatalog catalog() {
        return CommandCatalog.builder().add(new Whoami(), "test").add(new Purge(), "test").build();
    }

    /** Declares nothing: any caller who may connect. */
    static final class Whoami implements CommandHandler {

        @Override
        public String name() {
            return "whoami";
        }

        @Override
        public String execute(CommandRequest request) {
            return request.caller().name() + " " + new TreeSet<>(request.caller().roles());
        }
    }

    @RolesAllowed("admin")
    static final class Purge implements CommandHandler {

        @Override
        public String name() {
            return "purge";
        }

        @Override
        public String execute(CommandRequest request) {
            return "purged";
        }
    }
}
