package dev.wscommands.protocol;

import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;

/** Writes a {@link Message} as Go's {@code encoding/json} writes the original struct: all four fields, in order. */
final class MessageSerializer implements JsonbSerializer<Message> {

    @Override
    public void serialize(Message message, JsonGenerator generator, SerializationContext context) {
        generator.writeStartObject()
                .write("RequestID", message.requestId())
                .write("Command", message.command())
                .write("SomeOtherThing", message.someOtherThing())
                .write("Success", message.success());
        if (message.error() != null) {
            generator.write("Error", message.error());
        }
        generator.writeEnd();
    }
}
