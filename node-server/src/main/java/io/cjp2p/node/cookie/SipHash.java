package io.cjp2p.node.cookie;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed pseudo-random function built for exactly
 * this job, hashing short inputs chosen by an attacker. Without the 128-bit key nobody can predict
 * or forge an output, and it costs tens of nanoseconds, so it can run on every datagram.
 */
final class SipHash {
    private SipHash() {
    }

    static long hash(long k0, long k1, byte[] in) {
        int end = in.length - (in.length % 8);
        return hash(k0, k1, in, in.length, littleEndian(in, end, in.length - end));
    }

    /**
     * The hash of the four bytes of an IPv4 address, most significant first, exactly as
     * {@code hash(k0, k1, address.getAddress())}, without the array {@code getAddress()} copies.
     */
    static long hashIpv4(long k0, long k1, int address) {
        return hash(k0, k1, null, 4, Integer.reverseBytes(address) & 0xffffffffL);
    }

    /**
     * The core: {@code in} holds the whole 8-byte blocks of a {@code len}-byte message (none, and
     * {@code in} may be null, when {@code len < 8}); {@code tail} is its last {@code len % 8} bytes,
     * little-endian.
     */
    private static long hash(long k0, long k1, byte[] in, int len, long tail) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int end = len - (len % 8);
        for (int i = 0; i < end; i += 8) {
            long m = littleEndian(in, i, 8);
            v3 ^= m;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        long b = ((long) len) << 56 | tail;
        v3 ^= b;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= b;
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static long littleEndian(byte[] in, int from, int count) {
        long m = 0;
        for (int i = count - 1; i >= 0; i--) {
            m = (m << 8) | (in[from + i] & 0xffL);
        }
        return m;
    }
}
