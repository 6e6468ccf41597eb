package io.cjp2p.node.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** AES-256-GCM with a 12-byte nonce and a 16-byte tag, from the JDK, for both encrypted message types. */
final class AesGcm {
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private AesGcm() {
    }

    /** Ciphertext followed by the tag; {@code associatedData} may be null. */
    static byte[] seal(byte[] key, byte[] nonce, byte[] associatedData, byte[] plaintext) {
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is in every JDK", e);
        }
    }

    /** The plaintext of {@code length} bytes of ciphertext-and-tag, or null when the tag does not match. */
    static byte[] open(byte[] key, byte[] nonce, byte[] associatedData, byte[] input, int offset, int length) {
        if (length < TAG_BYTES) {
            return null;
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData);
            return cipher.doFinal(input, offset, length);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is in every JDK", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] associatedData)
            throws GeneralSecurityException {
        // a new Cipher each time: the JDK refuses to encrypt twice with one key and nonce on one instance
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        if (associatedData != null) {
            cipher.updateAAD(associatedData);
        }
        return cipher;
    }
}
