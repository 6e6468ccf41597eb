package io.cjp2p.node.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The signature of a {@code SignedMessage} (PROTOCOL.md §5.8): plain Ed25519 over the exact UTF-8
 * bytes of {@code payload_json}, or over the decoded bytes of the legacy base64 {@code payload} when
 * {@code payload_json} is absent. The signed bytes are a message array for the caller to parse.
 */
public final class SignedPayload {
    private SignedPayload() {
    }

    /** The {@code signature} field (base64 of 64 bytes) for this {@code payload_json}. */
    public static String signatureBase64(Ed25519Keys signer, String payloadJson) {
        return Base64.getEncoder().encodeToString(signer.sign(payloadJson.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The signed payload bytes when the fields carry a valid signature, else empty. Takes the wire
     * fields as they are: {@code ed25519} hex, {@code signature} base64, and {@code payload_json} or
     * {@code payload} (either may be null; {@code payload_json} wins). Malformed fields are simply empty.
     */
    public static Optional<byte[]> verifiedPayload(String ed25519Hex, String signatureBase64, String payloadJson,
                                                   String payloadBase64) {
        if (ed25519Hex == null || signatureBase64 == null || (payloadJson == null && payloadBase64 == null)) {
            return Optional.empty();
        }
        byte[] publicKey;
        byte[] signature;
        byte[] payload;
        try {
            publicKey = HexFormat.of().parseHex(ed25519Hex);
            signature = Base64.getDecoder().decode(signatureBase64);
            payload = payloadJson != null
                    ? payloadJson.getBytes(StandardCharsets.UTF_8)
                    : Base64.getDecoder().decode(payloadBase64);
        } catch (IllegalArgumentException notHexOrBase64) {
            return Optional.empty();
        }
        return Ed25519Keys.verify(publicKey, payload, signature) ? Optional.of(payload) : Optional.empty();
    }
}
