package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Writes the identity messages exactly as the Rust node serialises them: its field names, in
 * declaration order, compact; {@code from_ed25519} written as {@code null} when absent while the
 * other optional fields are omitted; keys as lowercase hex, bytes as padded base64, text escaped
 * as serde_json escapes it. One walk over the fields both measures and writes, so the two never
 * disagree.
 */
final class IdentityEncoding {
    private static final byte[] MY_PUBLIC_KEY = ascii("{\"MyPublicKey\":{\"ed25519h\":");
    private static final byte[] ETH_SIGNED = ascii(",\"ed25519_eth_signed\":");
    private static final byte[] SIGNED_MESSAGE = ascii("{\"SignedMessage\":{\"ed25519\":");
    private static final byte[] SIGNATURE = ascii(",\"signature\":");
    private static final byte[] PAYLOAD = ascii(",\"payload\":");
    private static final byte[] PAYLOAD_JSON = ascii(",\"payload_json\":");
    private static final byte[] ENCRYPTED_MESSAGES = ascii("{\"EncryptedMessages\":{\"base64\":");
    private static final byte[] NOISE_PARAMS = ascii(",\"noise_params\":");
    private static final byte[] FAST_ENCRYPTED_MESSAGES = ascii("{\"FastEncryptedMessages\":{\"nonce\":");
    private static final byte[] SENDER = ascii(",\"sender\":");
    private static final byte[] CIPHERTEXT = ascii(",\"ciphertext\":");
    private static final byte[] WHERE_ARE_THEY = ascii("{\"WhereAreThey\":{\"ed25519h\":");
    private static final byte[] FORWARDED = ascii("{\"Forwarded\":{\"src\":");
    private static final byte[] FROM_ED25519 = ascii(",\"from_ed25519\":");
    private static final byte[] MAYBE_ED25519 = ascii(",\"maybe_ed25519\":");
    private static final byte[] MESSAGES = ascii(",\"messages\":");
    private static final byte[] MIGHT_BE_IP_SPOOFING = ascii(",\"might_be_ip_spoofing\":");
    private static final byte[] CHAT_MESSAGE = ascii("{\"ChatMessage\":{\"message\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] CLOSE = ascii("}}");

    private IdentityEncoding() {
    }

    /** Whether {@code m} is written here. */
    static boolean writes(Message m) {
        return m instanceof MyPublicKey || m instanceof SignedMessage || m instanceof EncryptedMessages
                || m instanceof FastEncryptedMessages || m instanceof WhereAreThey || m instanceof Forwarded
                || m instanceof ChatMessage;
    }

    static void write(Message m, ByteBuf out) {
        walk(m, new Writer(out));
    }

    static int length(Message m) {
        Writer w = new Writer(null);
        walk(m, w);
        return w.length;
    }

    private static void walk(Message m, Writer w) {
        if (m instanceof MyPublicKey k) {
            w.raw(MY_PUBLIC_KEY).key(k.ed25519h());
            if (k.ed25519EthSigned() != null) {
                w.raw(ETH_SIGNED).text(k.ed25519EthSigned());
            }
        } else if (m instanceof SignedMessage s) {
            w.raw(SIGNED_MESSAGE).key(s.ed25519()).raw(SIGNATURE).bytes(s.signature());
            if (s.payload() != null) {
                w.raw(PAYLOAD).bytes(s.payload());
            }
            if (s.payloadJson() != null) {
                w.raw(PAYLOAD_JSON).text(s.payloadJson());
            }
        } else if (m instanceof EncryptedMessages e) {
            w.raw(ENCRYPTED_MESSAGES).bytes(e.base64()).raw(NOISE_PARAMS).text(e.noiseParams());
        } else if (m instanceof FastEncryptedMessages f) {
            w.raw(FAST_ENCRYPTED_MESSAGES).bytes(f.nonce()).raw(SENDER).key(f.sender())
                    .raw(CIPHERTEXT).bytes(f.ciphertext());
        } else if (m instanceof WhereAreThey q) {
            w.raw(WHERE_ARE_THEY).key(q.ed25519h());
        } else if (m instanceof Forwarded f) {
            w.raw(FORWARDED).address(f.src()).raw(FROM_ED25519);
            if (f.fromEd25519() != null) {
                w.key(f.fromEd25519());
            } else {
                w.raw(NULL);
            }
            if (f.maybeEd25519() != null) {
                w.raw(MAYBE_ED25519).key(f.maybeEd25519());
            }
            w.raw(MESSAGES).text(f.messages()).raw(MIGHT_BE_IP_SPOOFING).raw(f.mightBeIpSpoofing() ? TRUE : FALSE);
        } else if (m instanceof ChatMessage c) {
            w.raw(CHAT_MESSAGE).text(c.message());
        } else {
            throw new IllegalArgumentException("not an identity message: " + m);
        }
        w.raw(CLOSE);
    }

    /** Writes to {@code out}, or only counts when it is {@code null}; {@link ContentEncoding} uses it too. */
    static final class Writer {
        private final ByteBuf out;
        int length;

        Writer(ByteBuf out) {
            this.out = out;
        }

        Writer raw(byte[] ascii) {
            length += ascii.length;
            if (out != null) {
                out.writeBytes(ascii);
            }
            return this;
        }

        Writer text(String s) {
            if (out != null) {
                JsonText.writeSerdeQuoted(out, s);
            }
            length += JsonText.serdeQuotedLength(s);
            return this;
        }

        Writer key(Ed25519PublicKey key) {
            length += 2 + 2 * Ed25519PublicKey.BYTES;
            if (out != null) {
                out.writeByte('"').writeCharSequence(key.hex(), StandardCharsets.US_ASCII);
                out.writeByte('"');
            }
            return this;
        }

        Writer bytes(ByteString bytes) {
            length += 2 + bytes.base64Length();
            if (out != null) {
                out.writeByte('"').writeCharSequence(bytes.base64(), StandardCharsets.US_ASCII);
                out.writeByte('"');
            }
            return this;
        }

        /** An unsigned decimal. */
        Writer number(long v) {
            int n = decimalDigits(v);
            length += n;
            if (out != null) {
                long scale = 1;
                for (int i = 1; i < n; i++) {
                    scale *= 10;
                }
                for (; scale > 0; scale /= 10) {
                    out.writeByte((int) ('0' + v / scale % 10));
                }
            }
            return this;
        }

        Writer address(java.net.InetSocketAddress address) {
            length += MessageEncoder.addressLength(address);
            if (out != null) {
                out.writeBytes(MessageEncoder.addressBytes(address));
            }
            return this;
        }
    }

    /** The number of decimal digits of an unsigned {@code v}. */
    static int decimalDigits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
