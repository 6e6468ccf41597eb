package io.cjp2p.node.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignedPayloadTest {
    /** The two SignedMessage examples of PROTOCOL.md §5.8, signed by test key 1. */
    private static final String COOKIE_PAYLOAD = "[{\"AlwaysReturned\":{\"cookie\":\"d9f2fe5c\"}}]";
    private static final String COOKIE_SIGNATURE =
            "jhikOqb5yn+Pm46CxAm0LvCE1w4NN/Hf5GN+LKLVNU5aKW205NZEAzTuaElbAZAZR0rySCZkx5QcypryJfUVCQ==";
    private static final String EMPTY_PAYLOAD = "[]";
    private static final String EMPTY_SIGNATURE =
            "05jy0bPngr8p+y9fvt0c2BpNj2q6k9Kcl4fuX5H/WmULm5N5AVZxmW9lQM0nwIQM+jbu81SIS0XZzOrqNYuOAA==";

    @Test
    void signingGivesExactlyTheExampleSignatures() {
        assertEquals(COOKIE_SIGNATURE, SignedPayload.signatureBase64(Vectors.key1(), COOKIE_PAYLOAD));
        assertEquals(EMPTY_SIGNATURE, SignedPayload.signatureBase64(Vectors.key1(), EMPTY_PAYLOAD));
    }

    @Test
    void theExampleSignaturesVerifyAndGiveThePayloadBytes() {
        assertArrayEquals(COOKIE_PAYLOAD.getBytes(StandardCharsets.UTF_8),
                SignedPayload.verifiedPayload(Vectors.KEY1_PUBLIC, COOKIE_SIGNATURE, COOKIE_PAYLOAD, null).orElseThrow());
        assertArrayEquals(EMPTY_PAYLOAD.getBytes(StandardCharsets.UTF_8),
                SignedPayload.verifiedPayload(Vectors.KEY1_PUBLIC, EMPTY_SIGNATURE, EMPTY_PAYLOAD, null).orElseThrow());
    }

    @Test
    void theLegacyBase64PayloadVerifiesWhenPayloadJsonIsAbsent() {
        String legacy = Base64.getEncoder().encodeToString(COOKIE_PAYLOAD.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(COOKIE_PAYLOAD.getBytes(StandardCharsets.UTF_8),
                SignedPayload.verifiedPayload(Vectors.KEY1_PUBLIC, COOKIE_SIGNATURE, null, legacy).orElseThrow());
        // payload_json wins over payload: a matching legacy field cannot rescue a wrong payload_json
        assertTrue(SignedPayload.verifiedPayload(Vectors.KEY1_PUBLIC, COOKIE_SIGNATURE, EMPTY_PAYLOAD, legacy).isEmpty());
    }

    @Test
    void aFlippedBitOrAnotherPayloadIsRejected() {
        byte[] signature = Base64.getDecoder().decode(COOKIE_SIGNATURE);
        for (int bit = 0; bit < signature.length * 8; bit += 5) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            String flippedBase64 = Base64.getEncoder().encodeToString(flipped);
            assertTrue(SignedPayload.verifiedPayload(Vectors.KEY1_PUBLIC, flippedBase64, COOKIE_PAYLOAD, null).isEmpty(),
                    "bit " + bit);
        }
        assertTrue(SignedPayload.verifiedPayload(Vectors.KEY1_PUBLIC, COOKIE_SIGNATURE, EMPTY_PAYLOAD, null).isEmpty());
        assertTrue(SignedPayload.verifiedPayload(Vectors.KEY1_PUBLIC, COOKIE_SIGNATURE,
                COOKIE_PAYLOAD.replace("d9f2fe5c", "d9f2fe5d"), null).isEmpty());
        assertTrue(SignedPayload.verifiedPayload(Vectors.KEY2_PUBLIC, COOKIE_SIGNATURE, COOKIE_PAYLOAD, null).isEmpty(),
                "another signer");
    }

    @Test
    void malformedFieldsAreRejectedWithoutExceptions() {
        String[][] cases = {
            {"zz" + Vectors.KEY1_PUBLIC.substring(2), COOKIE_SIGNATURE, COOKIE_PAYLOAD, null},
            {Vectors.KEY1_PUBLIC.substring(1), COOKIE_SIGNATURE, COOKIE_PAYLOAD, null},
            {Vectors.KEY1_PUBLIC + "00", COOKIE_SIGNATURE, COOKIE_PAYLOAD, null},
            {Vectors.KEY1_PUBLIC, "not base64!", COOKIE_PAYLOAD, null},
            {Vectors.KEY1_PUBLIC, COOKIE_SIGNATURE.substring(4), COOKIE_PAYLOAD, null},
            {Vectors.KEY1_PUBLIC, COOKIE_SIGNATURE, null, "not base64!"},
            {Vectors.KEY1_PUBLIC, COOKIE_SIGNATURE, null, null},
            {null, COOKIE_SIGNATURE, COOKIE_PAYLOAD, null},
            {Vectors.KEY1_PUBLIC, null, COOKIE_PAYLOAD, null},
        };
        for (String[] c : cases) {
            assertTrue(SignedPayload.verifiedPayload(c[0], c[1], c[2], c[3]).isEmpty(), String.join(" | ",
                    String.valueOf(c[0]), String.valueOf(c[1]), String.valueOf(c[2]), String.valueOf(c[3])));
        }
    }

    @Test
    void randomKeysRoundTripWithNonAsciiPayloads() {
        Ed25519Keys keys = Ed25519Keys.generate(new java.security.SecureRandom());
        String payload = "[{\"ChatMessage\":{\"message\":\"h\u00e9llo \u2603 \uD83D\uDE00\"}}]";
        String signature = SignedPayload.signatureBase64(keys, payload);
        assertArrayEquals(payload.getBytes(StandardCharsets.UTF_8),
                SignedPayload.verifiedPayload(keys.publicHex(), signature, payload, null).orElseThrow());
        assertTrue(SignedPayload.verifiedPayload(keys.publicHex(), signature, payload.replace('\u2603', '*'), null)
                .isEmpty());
    }
}
