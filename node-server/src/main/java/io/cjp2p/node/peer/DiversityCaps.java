package io.cjp2p.node.peer;

/**
 * How many entries of the peer table one address group may hold, so that no one operator can fill
 * it by verifying many ports or many neighbouring addresses (one cookie serves every port of an IP).
 *
 * <p>The defaults suit a public node: 2 per IP lets a host run a second node, or two share one NAT,
 * but not a farm of ports; 4 per IPv4 /24 or IPv6 /64 is one LAN or one customer's allocation; 32
 * per /16 or /48 admits a provider's honest nodes, yet filling the default 10 000 slots takes over
 * 300 networks. go-ethereum keeps 10 per /24 in its whole table; ours is tighter per /24 because a
 * bootstrap node's only job is handing out honest peers.
 *
 * @param perIp      distinct ports of one IP (IPv4-mapped IPv6 counts as IPv4)
 * @param perSlash24 addresses in one IPv4 /24
 * @param perSlash16 addresses in one IPv4 /16
 * @param perSlash64 addresses in one IPv6 /64
 * @param perSlash48 addresses in one IPv6 /48
 */
public record DiversityCaps(int perIp, int perSlash24, int perSlash16, int perSlash64, int perSlash48) {
    public static final DiversityCaps DEFAULT = new DiversityCaps(2, 4, 32, 4, 32);

    public DiversityCaps {
        if (perIp < 1 || perSlash24 < 1 || perSlash16 < 1 || perSlash64 < 1 || perSlash48 < 1) {
            throw new IllegalArgumentException("every diversity cap must be at least 1");
        }
    }

    /** The cap on a group of this kind. */
    int capFor(AddressGroup.Kind kind) {
        return switch (kind) {
            case IPV4, IPV6 -> perIp;
            case IPV4_24 -> perSlash24;
            case IPV4_16 -> perSlash16;
            case IPV6_64 -> perSlash64;
            case IPV6_48 -> perSlash48;
        };
    }
}
