package dev.wscommands.commands;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageFormatException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes each request to the handler of its command and turns every fault into an error reply. This is where
 * commands are registered: adding a command is adding a {@link CommandHandler} to {@link #standard()}.
 */
public final class CommandDispatcher {

    /** An unknown command is echoed in the error reply only this far, so a huge one is not sent back whole. */
    private static final int MAX_ECHOED = 64;

    private final Map<String, CommandHandler> handlers;
    private final String known;

    public CommandDispatcher(List<CommandHandler> handlers) {
        Map<String, CommandHandler> byCommand = new LinkedHashMap<>();
        for (CommandHandler handler : handlers) {
            if (byCommand.putIfAbsent(handler.command(), handler) != null) {
                throw new IllegalArgumentException("two handlers for command: " + handler.command());
            }
        }
        this.handlers = Map.copyOf(byCommand);
        this.known = String.join(", ", byCommand.keySet().stream().map(c -> '"' + c + '"').toList());
    }

    /** The commands this service answers. */
    public static CommandDispatcher standard() {
        return new CommandDispatcher(List.of(new EjectHotDogCommand(), new HeartbeatCommand()));
    }

    /** The commands this dispatcher answers. */
    public Set<String> commands() {
        return handlers.keySet();
    }

    /** The reply to a decoded request. */
    public Message dispatch(Message request) {
        CommandHandler handler = handlers.get(request.command());
        if (handler == null) {
            return Message.failure(request.requestId(),
                    "unknown command \"" + abbreviate(request.command()) + "\"; known commands: " + known);
        }
        return handler.handle(request);
    }

    private static String abbreviate(String command) {
        return command.length() <= MAX_ECHOED ? command : command.substring(0, MAX_ECHOED) + "...";
    }

    /** The reply to text that could not be decoded. */
    public Message undecodable(MessageFormatException fault) {
        return Message.failure(fault.requestId(), "invalid request: " + fault.getMessage());
    }
}
