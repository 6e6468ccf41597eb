package io.cjp2p.node.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Between a node's ed25519 identity and the X25519 keys its encrypted messages use (PROTOCOL.md
 * §7.1): the birational map of the two forms of Curve25519. Keys from the wire that are not valid
 * points give an empty result, never an exception.
 */
public final class KeyConversion {
    /** 2^255 - 19. */
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final int SIGN_BIT = 0x80;

    private KeyConversion() {
    }

    /** The X25519 private key of an ed25519 seed: the first 32 bytes of SHA-512(seed), clamped. */
    public static byte[] x25519PrivateFromSeed(byte[] seed) {
        if (seed.length != Ed25519Keys.KEY_BYTES) {
            throw new IllegalArgumentException("an ed25519 seed has 32 bytes, not " + seed.length);
        }
        byte[] digest = sha512(seed);
        byte[] x25519Private = Arrays.copyOf(digest, Ed25519Keys.KEY_BYTES);
        Arrays.fill(digest, (byte) 0);
        X25519.clampPrivateKey(x25519Private);
        return x25519Private;
    }

    /**
     * The X25519 public key of an ed25519 public key: the Montgomery u = (1 + y) / (1 - y) of its point.
     * Empty when the bytes are not the canonical encoding of a curve point of large order.
     */
    public static Optional<byte[]> x25519PublicFromEd25519(byte[] ed25519Public) {
        // Bouncy Castle's partial check decodes the point, refusing non-canonical encodings and small order
        if (ed25519Public.length != Ed25519Keys.KEY_BYTES || !Ed25519.validatePublicKeyPartial(ed25519Public, 0)) {
            return Optional.empty();
        }
        byte[] yBytes = ed25519Public.clone();
        yBytes[31] &= (byte) ~SIGN_BIT;
        BigInteger y = fromLittleEndian(yBytes);
        // y = 1 is the neutral point, already refused above, so 1 - y is invertible
        BigInteger u = BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).modInverse(P)).mod(P);
        return Optional.of(toLittleEndian(u));
    }

    /**
     * The ed25519 public keys whose X25519 form is this u-coordinate: the map loses the sign of x, so
     * up to two, sign bit clear first. Empty when u is not the coordinate of a usable point.
     */
    public static List<byte[]> ed25519Candidates(byte[] x25519Public) {
        List<byte[]> candidates = new ArrayList<>(2);
        if (x25519Public.length != Ed25519Keys.KEY_BYTES) {
            return candidates;
        }
        byte[] uBytes = x25519Public.clone();
        uBytes[31] &= (byte) ~SIGN_BIT; // RFC 7748 ignores the top bit of a u-coordinate
        BigInteger u = fromLittleEndian(uBytes).mod(P);
        BigInteger uPlusOne = u.add(BigInteger.ONE).mod(P);
        if (uPlusOne.signum() == 0) {
            return candidates; // u = -1 has no Edwards point
        }
        BigInteger y = u.subtract(BigInteger.ONE).multiply(uPlusOne.modInverse(P)).mod(P);
        byte[] positive = toLittleEndian(y);
        byte[] negative = positive.clone();
        negative[31] |= (byte) SIGN_BIT;
        for (byte[] candidate : List.of(positive, negative)) {
            if (Ed25519.validatePublicKeyPartial(candidate, 0)) {
                candidates.add(candidate);
            }
        }
        return candidates;
    }

    private static BigInteger fromLittleEndian(byte[] bytes) {
        return BigIntegers.fromUnsignedByteArray(Arrays.reverse(bytes));
    }

    private static byte[] toLittleEndian(BigInteger value) {
        return Arrays.reverseInPlace(BigIntegers.asUnsignedByteArray(Ed25519Keys.KEY_BYTES, value));
    }

    private static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-512", e);
        }
    }
}
