package io.cjp2p.node.peer;

import java.net.InetAddress;

/**
 * A set of addresses counted together for diversity: one IP, or a prefix of it. An IPv4 address is
 * held in {@code low}; an IPv6 prefix or address in {@code high} and {@code low}.
 */
record AddressGroup(Kind kind, long high, long low) {
    enum Kind { IPV4, IPV4_24, IPV4_16, IPV6, IPV6_64, IPV6_48 }

    /** Index in {@link #groupsOf}: the IP itself. */
    static final int HOST = 0;
    /** Index in {@link #groupsOf}: the /24 or /64, typically one LAN or one customer. */
    static final int SUBNET = 1;
    /** Index in {@link #groupsOf}: the /16 or /48, typically one provider's block; handouts and eviction balance these. */
    static final int NETWORK = 2;

    /** The groups of {@code ip}, indexed by {@link #HOST}, {@link #SUBNET} and {@link #NETWORK}. IPv4-mapped IPv6 counts as IPv4. */
    static AddressGroup[] groupsOf(InetAddress ip) {
        byte[] b = ip.getAddress();
        if (b.length == 4 || isIpv4Mapped(b)) {
            int o = b.length - 4;
            long v4 = (b[o] & 255L) << 24 | (b[o + 1] & 255L) << 16 | (b[o + 2] & 255L) << 8 | (b[o + 3] & 255L);
            return new AddressGroup[] {
                    new AddressGroup(Kind.IPV4, 0, v4),
                    new AddressGroup(Kind.IPV4_24, 0, v4 >>> 8),
                    new AddressGroup(Kind.IPV4_16, 0, v4 >>> 16)};
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (b[i] & 255L);
            low = low << 8 | (b[i + 8] & 255L);
        }
        return new AddressGroup[] {
                new AddressGroup(Kind.IPV6, high, low),
                new AddressGroup(Kind.IPV6_64, high, 0),
                new AddressGroup(Kind.IPV6_48, high >>> 16, 0)};
    }

    /** {@code ::ffff:a.b.c.d}: what a dual-stack socket may report for an IPv4 sender. */
    private static boolean isIpv4Mapped(byte[] b) {
        if (b.length != 16 || b[10] != (byte) 0xff || b[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
