package io.cjp2p.codec;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code {"Peers":{"peers":["203.0.113.7:24254","[2001:db8::5]:24254"]}}}.
 *
 * <p>Entries are literal socket addresses; an entry that does not parse is skipped on decode (Rust
 * would drop the whole message, we keep the good ones).
 */
public record Peers(List<InetSocketAddress> peers) implements Message {
    public static final String TYPE = "Peers";

    public Peers {
        peers = List.copyOf(peers);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
