package io.cjp2p.codec;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message array signed by an ed25519 key (PROTOCOL.md 5.8). The signature covers the exact UTF-8
 * bytes of {@code payload_json}, kept here as the string it decoded to, or, in the legacy form, the
 * decoded bytes of {@code payload}; {@code payload_json} wins when both are present.
 *
 * @param ed25519     the signer
 * @param signature   64 bytes
 * @param payload     the legacy base64 payload, or {@code null}
 * @param payloadJson the payload as JSON text, or {@code null}; at least one of the two is present
 */
public record SignedMessage(Ed25519PublicKey ed25519, ByteString signature, ByteString payload, String payloadJson)
        implements Message {
    public static final String TYPE = "SignedMessage";
    /** Bytes of an Ed25519 signature. */
    public static final int SIGNATURE_BYTES = 64;

    public SignedMessage {
        Objects.requireNonNull(ed25519, "ed25519");
        Objects.requireNonNull(signature, "signature");
        if (signature.length() != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("a signature has 64 bytes, not " + signature.length());
        }
        if (payload == null && payloadJson == null) {
            throw new IllegalArgumentException("no payload");
        }
        JsonText.requireWellFormed(payloadJson);
    }

    /** The form Rust sends: the payload as JSON text. */
    public static SignedMessage ofJson(Ed25519PublicKey signer, ByteString signature, String payloadJson) {
        return new SignedMessage(signer, signature, null, Objects.requireNonNull(payloadJson, "payloadJson"));
    }

    /** The bytes the signature covers, which are also the message array it carries (a fresh copy). */
    public byte[] signedBytes() {
        return payloadJson != null ? payloadJson.getBytes(StandardCharsets.UTF_8) : payload.toByteArray();
    }

    @Override
    public String type() {
        return TYPE;
    }
}
