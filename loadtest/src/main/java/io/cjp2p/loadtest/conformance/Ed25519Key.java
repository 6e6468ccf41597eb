package io.cjp2p.loadtest.conformance;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;

/** A throwaway ed25519 identity for the optional checks, from the JDK's own provider. */
final class Ed25519Key {
    /** An X.509-encoded ed25519 public key is a fixed 12-byte header and the 32 raw bytes. */
    private static final int RAW_KEY_BYTES = 32;

    private final KeyPair pair;

    private Ed25519Key(KeyPair pair) {
        this.pair = pair;
    }

    static Ed25519Key generate() {
        try {
            return new Ed25519Key(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** The public key as CJP2P writes it: 64 lowercase hex characters. */
    String publicHex() {
        byte[] encoded = pair.getPublic().getEncoded();
        return Wire.hex(Arrays.copyOfRange(encoded, encoded.length - RAW_KEY_BYTES, encoded.length));
    }

    /** A plain RFC 8032 signature of {@code data}. */
    byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(pair.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
