package io.cjp2p.node.dispatch;

import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.Forwarded;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the packet path shows local browser pages, as the Rust node does: every datagram that
 * parses, and every payload a signature or a decryption authenticated, each as one {@code
 * [Forwarded]} frame. While no page listens this costs the packet path two volatile reads ({@link
 * #active}); with pages it costs one encoding per datagram, handed to the pages' own queues,
 * which are bounded and never block the caller.
 */
public final class PageFeed {
    /** The pages: a browser bridge. */
    public interface Pages {
        /** Whether any page is connected now; read for every datagram, so it must be a field read. */
        boolean listening();

        /** Queues one text frame for every page without blocking; takes ownership of {@code frame}. */
        void broadcast(ByteBuf frame);
    }

    private volatile Pages pages;

    /** Sends from now on to {@code pages}. */
    public void attach(Pages pages) {
        this.pages = pages;
    }

    /** Whether a page listens: the packet path asks this before it builds anything. */
    public boolean active() {
        Pages p = pages;
        return p != null && p.listening();
    }

    /**
     * A datagram that parsed.
     *
     * @param raw       its bytes, {@code [0, length)}; invalid UTF-8 shows as U+FFFD, as Rust's lossy conversion does
     * @param knownKey  the key bound to {@code src}, or null
     * @param verified  it carried our cookie
     */
    void datagram(InetSocketAddress src, byte[] raw, int length, Ed25519PublicKey knownKey, boolean verified) {
        send(new Forwarded(src, null, knownKey, new String(raw, 0, length, StandardCharsets.UTF_8), !verified));
    }

    /** A payload {@code from} signed, or sent us encrypted: its message array as it was inside. */
    void authenticated(InetSocketAddress src, Ed25519PublicKey from, byte[] payload, boolean verified) {
        send(new Forwarded(src, from, null, new String(payload, StandardCharsets.UTF_8), !verified));
    }

    private void send(Forwarded f) {
        Pages p = pages;
        if (p == null) {
            return;
        }
        List<Message> one = List.of(f);
        ByteBuf frame = Unpooled.buffer(MessageEncoder.datagramLength(one));
        MessageEncoder.encode(one, frame);
        p.broadcast(frame);
    }
}
