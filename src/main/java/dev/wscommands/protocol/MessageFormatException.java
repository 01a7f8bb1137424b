package dev.wscommands.protocol;

import jakarta.json.bind.JsonbException;

/**
 * Text that is not a valid {@link Message}. Its text says what was wrong and is safe to send to the client;
 * {@link #requestId()} is the request's id when it was read before the fault, otherwise 0.
 */
public final class MessageFormatException extends JsonbException {

    private static final long serialVersionUID = 1L;

    private final long requestId;

    MessageFormatException(String message) {
        this(message, 0);
    }

    MessageFormatException(String message, long requestId) {
        super(message);
        this.requestId = requestId;
    }

    /** The id of the faulty request when it could be read, otherwise 0. */
    public long requestId() {
        return requestId;
    }
}
