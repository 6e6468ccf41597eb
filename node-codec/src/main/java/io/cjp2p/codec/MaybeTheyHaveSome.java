package io.cjp2p.codec;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * {@code {"MaybeTheyHaveSome":{"id":"…","peers":["198.51.100.9:24254"]}}}: addresses that may hold
 * object {@code id} (PROTOCOL.md 5.16). Entries that do not parse are skipped on decode, as in
 * {@link Peers}.
 */
public record MaybeTheyHaveSome(String id, List<InetSocketAddress> peers) implements Message {
    public static final String TYPE = "MaybeTheyHaveSome";

    public MaybeTheyHaveSome {
        Objects.requireNonNull(id, "id");
        JsonText.requireWellFormed(id);
        peers = List.copyOf(peers);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
