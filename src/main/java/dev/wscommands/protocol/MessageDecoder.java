package dev.wscommands.protocol;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;

/** Reads {@link Message}s from WebSocket text frames; anything else becomes a {@link DecodeException}. */
public final class MessageDecoder implements Decoder.Text<Message> {

    @Override
    public Message decode(String text) throws DecodeException {
        try {
            return MessageJson.read(text);
        } catch (MessageFormatException e) {
            throw new DecodeException(text, e.getMessage(), e);
        }
    }

    @Override
    public boolean willDecode(String text) {
        return text != null;
    }
}
