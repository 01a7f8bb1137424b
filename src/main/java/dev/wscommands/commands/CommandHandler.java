package dev.wscommands.commands;

import dev.wscommands.protocol.Message;

/** Carries out one named command. Implementations are stateless and thread-safe. */
public interface CommandHandler {

    /** The exact {@code Command} text this handler answers, for example {@code "Eject the hot dog."}. */
    String command();

    /** The reply to {@code request}; it carries the request's {@code RequestID}. */
    Message handle(Message request);
}
