package dev.wscommands.builtin;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.api.Execution;

/**
 * An application-level heartbeat, acknowledged at once. It lets clients that cannot send WebSocket pings,
 * such as browsers, tell a live connection from a dead one.
 */
public final class HeartbeatCommand implements CommandHandler {

    public static final String NAME = "heartbeat";

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
        return "";
    }
}
