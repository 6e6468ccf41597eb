package io.cjp2p.node.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A node's ed25519 key pair (pure RFC 8032 Ed25519, as the Rust node uses), made from its 32-byte
 * seed, with the X25519 key pair derived from it (PROTOCOL.md §7.1) for the two encrypted message
 * types.
 *
 * <p>Immutable and thread-safe. The seed and the X25519 private key never leave this package except
 * through {@link #seed()}, which only the key file needs; {@link #toString()} shows the public key
 * only.
 */
public final class Ed25519Keys {
    /** Bytes of a seed, a public key and an X25519 key. */
    public static final int KEY_BYTES = 32;
    /** Bytes of a signature. */
    public static final int SIGNATURE_BYTES = 64;

    private final byte[] seed;
    private final byte[] publicKey;
    private final byte[] x25519Private;
    private final byte[] x25519Public;

    private Ed25519Keys(byte[] seed) {
        this.seed = seed;
        this.publicKey = new byte[KEY_BYTES];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        this.x25519Private = KeyConversion.x25519PrivateFromSeed(seed);
        this.x25519Public = new byte[KEY_BYTES];
        X25519.generatePublicKey(x25519Private, 0, x25519Public, 0);
    }

    /** The key pair of this seed; the array is copied. */
    public static Ed25519Keys fromSeed(byte[] seed) {
        if (seed.length != KEY_BYTES) {
            // the length only: the bytes are secret
            throw new IllegalArgumentException("an ed25519 seed has 32 bytes, not " + seed.length);
        }
        return new Ed25519Keys(seed.clone());
    }

    /** A fresh key pair. */
    public static Ed25519Keys generate(SecureRandom random) {
        byte[] seed = new byte[KEY_BYTES];
        Ed25519.generatePrivateKey(random, seed);
        return new Ed25519Keys(seed);
    }

    /** The 32-byte public key (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The public key as 64 lowercase hex digits, as {@code MyPublicKey.ed25519h} carries it. */
    public String publicHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    /** The 32-byte seed (a copy): for the key file only. */
    public byte[] seed() {
        return seed.clone();
    }

    /** Our X25519 public key (a copy): the Montgomery form of {@link #publicKey()}. */
    public byte[] x25519Public() {
        return x25519Public.clone();
    }

    /** Our X25519 private key, not copied: callers in this package only read it. */
    byte[] x25519Private() {
        return x25519Private;
    }

    /** Our X25519 public key, not copied: callers in this package only read it. */
    byte[] x25519PublicView() {
        return x25519Public;
    }

    /** The 64-byte Ed25519 signature of these bytes. */
    public byte[] sign(byte[] message) {
        byte[] signature = new byte[SIGNATURE_BYTES];
        // passing our own public key saves recomputing it; it is derived from the seed, never taken from outside
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /**
     * Whether {@code signature} is a valid Ed25519 signature of {@code message} by {@code publicKey}.
     * A key or signature of the wrong length, or a key that is not a curve point, is simply false.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != KEY_BYTES || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    /**
     * Whether {@code publicKey} is the canonical encoding of a curve point of large order: a key
     * that can sign and be encrypted to (the Rust node refuses keys that are not points at all).
     */
    public static boolean isValidPublicKey(byte[] publicKey) {
        return publicKey.length == KEY_BYTES && Ed25519.validatePublicKeyPartial(publicKey, 0);
    }

    @Override
    public String toString() {
        return "Ed25519Keys[public=" + publicHex() + "]";
    }
}
