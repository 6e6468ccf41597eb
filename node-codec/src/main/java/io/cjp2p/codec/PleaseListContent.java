package io.cjp2p.codec;

/** {@code {"PleaseListContent":{}}}: asks which objects a node holds (PROTOCOL.md 5.17). */
public record PleaseListContent() implements Message {
    public static final String TYPE = "PleaseListContent";
    public static final PleaseListContent INSTANCE = new PleaseListContent();

    @Override
    public String type() {
        return TYPE;
    }
}
