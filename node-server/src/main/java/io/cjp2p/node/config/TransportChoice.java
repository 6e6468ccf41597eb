package io.cjp2p.node.config;

import java.util.Locale;

/** The socket implementation the operator asked for ({@code --transport}). */
public enum TransportChoice {
    /** epoll where Netty's native library loads, else NIO. */
    AUTO,
    /** epoll or refuse to start. */
    EPOLL,
    /** The JDK's NIO sockets, everywhere. */
    NIO;

    /** Whether the node should try the native transport first. */
    public boolean prefersNative() {
        return this != NIO;
    }

    /** As the flag takes it: {@code auto}, {@code epoll}, {@code nio}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
