package io.cjp2p.node.limit;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Keys for the bucket tables: an IP, or its IPv4 /24 or IPv6 /64. IPv4 keys are exact (the address
 * with bit 32 set); IPv6 keys are a 64-bit mix with the top bit set, so the two never meet and no
 * key is zero (zero marks an empty bucket).
 */
public final class SourceKeys {
    private static final long V4 = 1L << 32;

    private SourceKeys() {
    }

    /** The key of one source IP. */
    public static long ip(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return V4 | (ip.hashCode() & 0xffffffffL); // Inet4Address.hashCode() is the address, no copy
        }
        byte[] b = ip.getAddress();
        return BucketTable.mix(high(b) * 31 + BucketTable.mix(low(b))) | Long.MIN_VALUE;
    }

    /** The key of the IPv4 /24 or IPv6 /64 the IP belongs to. */
    public static long prefix(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return V4 | ((ip.hashCode() >>> 8) & 0xffffffL);
        }
        return BucketTable.mix(high(ip.getAddress())) | Long.MIN_VALUE;
    }

    private static long high(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[i] & 255);
        }
        return v;
    }

    private static long low(byte[] b) {
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = v << 8 | (b[i] & 255);
        }
        return v;
    }
}
