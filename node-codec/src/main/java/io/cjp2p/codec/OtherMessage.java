package io.cjp2p.codec;

/**
 * Any message this codec does not model (content, chat, identities …), kept verbatim.
 *
 * @param type    the message name (the element's only key)
 * @param element the whole element, {@code {"Type":body}}, exactly as received
 */
public record OtherMessage(String type, RawJson element) implements Message {
}
