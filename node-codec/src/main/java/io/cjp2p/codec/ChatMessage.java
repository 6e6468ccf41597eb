package io.cjp2p.codec;

import java.util.Objects;

/** {@code {"ChatMessage":{"message":"…"}}}: a line of chat (PROTOCOL.md 5.22). */
public record ChatMessage(String message) implements Message {
    public static final String TYPE = "ChatMessage";

    public ChatMessage {
        Objects.requireNonNull(message, "message");
        JsonText.requireWellFormed(message);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
