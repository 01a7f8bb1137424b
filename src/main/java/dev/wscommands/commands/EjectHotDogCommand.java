package dev.wscommands.commands;

import dev.wscommands.protocol.Message;

/** The original program's one command. */
final class EjectHotDogCommand implements CommandHandler {

    static final String COMMAND = "Eject the hot dog.";
    static final String RESULT = "The hot dog left the castle as requested.";

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public Message handle(Message request) {
        return Message.success(request.requestId(), RESULT);
    }
}
