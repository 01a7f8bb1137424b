package dev.wscommands.protocol;

import jakarta.websocket.Encoder;

/** Writes {@link Message}s to WebSocket text frames. */
public final class MessageEncoder implements Encoder.Text<Message> {

    @Override
    public String encode(Message message) {
        return MessageJson.write(message);
    }
}
