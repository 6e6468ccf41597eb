package io.cjp2p.node.dispatch;

import java.util.Arrays;

/**
 * The signatures one channel has found good lately. Ed25519 verification is deterministic, and a
 * Rust node's probe carries the same signed proof every time (its signature over the same cookie),
 * so a repeat is recognised by comparing bytes instead of checking the signature again (about 90 us
 * each on the development machine). Only a triple that verified goes in, so a hit can never make a
 * forgery pass. Direct-mapped by the signature's first bytes; not thread-safe (one per channel).
 */
final class CheckedSignatures {
    static final int SLOTS = 256;

    private final byte[][] keys = new byte[SLOTS][];
    private final byte[][] signatures = new byte[SLOTS][];
    private final byte[][] payloads = new byte[SLOTS][];

    boolean contains(byte[] key, byte[] signature, byte[] payload) {
        int slot = slot(signature);
        return Arrays.equals(signature, signatures[slot]) && Arrays.equals(key, keys[slot])
                && Arrays.equals(payload, payloads[slot]);
    }

    /** Records a triple that verified. */
    void add(byte[] key, byte[] signature, byte[] payload) {
        int slot = slot(signature);
        keys[slot] = key;
        signatures[slot] = signature;
        payloads[slot] = payload;
    }

    private static int slot(byte[] signature) {
        int h = (signature[0] & 255) | (signature[1] & 255) << 8 | (signature[2] & 255) << 16 | signature[3] << 24;
        return (h * 0x9E3779B9 >>> 16) & (SLOTS - 1);
    }
}
