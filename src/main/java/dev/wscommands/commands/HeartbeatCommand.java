package dev.wscommands.commands;

import dev.wscommands.protocol.Message;

/**
 * An application-level heartbeat, acknowledged at once. It lets clients that cannot send WebSocket pings,
 * such as browsers, tell a live connection from a dead one.
 */
final class HeartbeatCommand implements CommandHandler {

    static final String COMMAND = "heartbeat";

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public Message handle(Message request) {
        return Message.success(request.requestId(), "");
    }
}
