package dev.wscommands.operations;

import java.util.Locale;

/** How a request ended, as the {@code outcome} label of the reply counter shows it. */
public enum Outcome {
    /** Answered with {@code Success:true}. */
    SUCCESS,
    /** Answered with an error: an unknown command, an invalid request, or a command that failed. */
    ERROR,
    /** The command ran past the command timeout: answered with a timeout error, and cancelled. */
    TIMEOUT,
    /** The client cancelled it (the built-in {@code cancel}): answered with a cancellation error, and interrupted. */
    CANCELLED,
    /** Refused at once because the connection or the server had too many commands in flight. */
    BUSY,
    /** The connection closed while the command ran: cancelled, and its reply dropped. */
    DROPPED,
    /** The caller may not run the command: answered {@code forbidden: ...}, and not run. */
    FORBIDDEN;

    /**
     * The label value: {@code success}, {@code error}, {@code timeout}, {@code cancelled}, {@code busy},
     * {@code dropped}, {@code forbidden}.
     */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
