package dev.wscommands.testing;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.api.Execution;
import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;

/**
 * {@code echo}: answers inline with its argument, as a plug-in would write it; a reply as large as the request,
 * for the tests of what unread replies may hold.
 */
public final class EchoCommand implements CommandHandler {

    public static final String NAME = "echo";

    /** The built-in commands and this one. */
    public static CommandCatalog catalog() {
        return CommandCatalog.builder().addAll(dev.wscommands.commands.CommandLoader.fromClassLoader(
                EchoCommand.class.getClassLoader())).add(new EchoCommand(), "test").build();
    }

    /** An {@code echo} request with {@code argument}, as JSON text. */
    public static String request(long id, String argument) {
        return MessageJson.write(new Message(id, NAME, argument, false, null));
    }

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
        return request.argument();
    }
}
