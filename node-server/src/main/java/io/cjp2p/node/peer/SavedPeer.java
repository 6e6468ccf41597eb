package io.cjp2p.node.peer;

import io.cjp2p.codec.PeerAddress;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What the node keeps of one peer between runs: where it was, its key if we had learned it, its
 * round trip and when it last proved it receives at that address.
 *
 * @param address            the peer's ip:port
 * @param publicKey          its ed25519 public key (32 bytes), or {@code null} when unknown
 * @param rttNanos           its last measured round trip, or {@link PeerEntry#NO_RTT}
 * @param lastVerifiedMillis when it was last verified, in milliseconds since the epoch (wall clock:
 *                           it must mean the same thing to the next run)
 */
public record SavedPeer(InetSocketAddress address, byte[] publicKey, long rttNanos, long lastVerifiedMillis) {
    /** Bytes of an ed25519 public key. */
    public static final int KEY_BYTES = 32;

    public SavedPeer {
        Objects.requireNonNull(address, "address");
        if (publicKey != null) {
            if (publicKey.length != KEY_BYTES) {
                throw new IllegalArgumentException("an ed25519 public key has 32 bytes, not " + publicKey.length);
            }
            publicKey = publicKey.clone();
        }
        if (rttNanos < 0 && rttNanos != PeerEntry.NO_RTT) {
            throw new IllegalArgumentException("negative round trip: " + rttNanos);
        }
    }

    /** A copy, or {@code null}. */
    @Override
    public byte[] publicKey() {
        return publicKey == null ? null : publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SavedPeer p && address.equals(p.address) && Arrays.equals(publicKey, p.publicKey)
                && rttNanos == p.rttNanos && lastVerifiedMillis == p.lastVerifiedMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, Arrays.hashCode(publicKey), rttNanos, lastVerifiedMillis);
    }

    @Override
    public String toString() {
        return "SavedPeer[" + PeerAddress.format(address) + ", key="
                + (publicKey == null ? "unknown" : HexFormat.of().formatHex(publicKey)) + ", rttNanos=" + rttNanos
                + ", lastVerifiedMillis=" + lastVerifiedMillis + "]";
    }
}
