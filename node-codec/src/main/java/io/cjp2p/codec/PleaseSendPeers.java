package io.cjp2p.codec;

/** {@code {"PleaseSendPeers":{}}}: asks the receiver for a {@link Peers} reply. */
public record PleaseSendPeers() implements Message {
    public static final String TYPE = "PleaseSendPeers";
    public static final PleaseSendPeers INSTANCE = new PleaseSendPeers();

    @Override
    public String type() {
        return TYPE;
    }
}
