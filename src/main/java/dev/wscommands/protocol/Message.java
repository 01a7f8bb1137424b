package dev.wscommands.protocol;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * One request or reply on the command channel, field for field the {@code Message} struct of the original
 * Go program. On the wire the four Go fields always appear, in Go's order; {@code Error} follows on error
 * replies only.
 *
 * @param requestId      chosen by the client; a reply carries the id of the request it answers
 * @param command        what the client asks for, for example {@code "Eject the hot dog."}
 * @param someOtherThing free text of the reply
 * @param success        whether the command was carried out
 * @param error          on a failed reply, what went wrong; {@code null} otherwise
 */
@JsonbPropertyOrder({"RequestID", "Command", "SomeOtherThing", "Success", "Error"})
public record Message(
        @JsonbProperty("RequestID") long requestId,
        @JsonbProperty("Command") String command,
        @JsonbProperty("SomeOtherThing") String someOtherThing,
        @JsonbProperty("Success") boolean success,
        @JsonbProperty("Error") String error) {

    /** Missing fields take Go's zero values, so a request may carry only what it needs. */
    @JsonbCreator
    public Message {
        command = command == null ? "" : command;
        someOtherThing = someOtherThing == null ? "" : someOtherThing;
    }

    /** A request as a client sends it. */
    public static Message request(long requestId, String command) {
        return request(requestId, command, "");
    }

    /** A request with {@code argument} as its {@code SomeOtherThing}. */
    public static Message request(long requestId, String command, String argument) {
        return new Message(requestId, command, argument, false, null);
    }

    /** A successful reply to {@code requestId}. */
    public static Message success(long requestId, String someOtherThing) {
        return new Message(requestId, "", someOtherThing, true, null);
    }

    /** A failed reply to {@code requestId}, with what went wrong. */
    public static Message failure(long requestId, String error) {
        return new Message(requestId, "", "", false, error);
    }
}
