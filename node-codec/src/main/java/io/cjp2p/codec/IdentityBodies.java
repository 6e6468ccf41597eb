package io.cjp2p.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Reads the bodies of the identity messages (PROTOCOL.md 5.7-5.11, 5.21, 5.22) as serde reads a
 * struct: an object with the fields by name (unknown ones ignored), or an array with them in
 * declaration order. A body is bad, and the element skipped, when a required field is missing or
 * {@code null}, a field has the wrong type or form (bad hex, bad base64, an unparsable address, a
 * lone surrogate), a field appears twice, or an array has more elements than the struct has fields.
 * An optional field may be absent or {@code null} (a bool only absent); so may the trailing ones of
 * the array form.
 */
final class IdentityBodies {
    /** What a field holds; UINT, ADDRESSES and ID_SIZES serve the content bodies ({@link ContentBodies}). */
    enum Kind { TEXT, KEY, BASE64, ADDRESS, BOOL, UINT, ADDRESSES, ID_SIZES }

    record Field(String name, Kind kind, boolean optional) {
    }

    private static final Field[] MY_PUBLIC_KEY = {
            new Field("ed25519h", Kind.KEY, false), new Field("ed25519_eth_signed", Kind.TEXT, true)};
    private static final Field[] SIGNED_MESSAGE = {
            new Field("ed25519", Kind.KEY, false), new Field("signature", Kind.BASE64, false),
            new Field("payload", Kind.BASE64, true), new Field("payload_json", Kind.TEXT, true)};
    private static final Field[] ENCRYPTED_MESSAGES = {
            new Field("base64", Kind.BASE64, false), new Field("noise_params", Kind.TEXT, false)};
    private static final Field[] FAST_ENCRYPTED_MESSAGES = {
            new Field("nonce", Kind.BASE64, false), new Field("sender", Kind.KEY, false),
            new Field("ciphertext", Kind.BASE64, false)};
    private static final Field[] WHERE_ARE_THEY = {new Field("ed25519h", Kind.KEY, false)};
    private static final Field[] FORWARDED = {
            new Field("src", Kind.ADDRESS, false), new Field("from_ed25519", Kind.KEY, true),
            new Field("maybe_ed25519", Kind.KEY, true), new Field("messages", Kind.TEXT, false),
            new Field("might_be_ip_spoofing", Kind.BOOL, true)};
    private static final Field[] CHAT_MESSAGE = {new Field("message", Kind.TEXT, false)};

    private IdentityBodies() {
    }

    /** Whether {@code type} is one of the messages read here. */
    static boolean reads(String type) {
        return fieldsOf(type) != null;
    }

    /**
     * Reads the body of a {@code type} element, the parser on the body's first token, and leaves it
     * on the body's last token.
     *
     * @return the message, or {@code null} for a bad body
     */
    static Message read(String type, ReusableParser p, JsonToken body) throws IOException {
        Field[] fields = fieldsOf(type);
        Object[] v = readStruct(p, body, fields);
        if (v == null) {
            return null;
        }
        return switch (type) {
            case MyPublicKey.TYPE -> new MyPublicKey((Ed25519PublicKey) v[0], (String) v[1]);
            case SignedMessage.TYPE -> {
                ByteString signature = (ByteString) v[1];
                yield signature.length() != SignedMessage.SIGNATURE_BYTES || (v[2] == null && v[3] == null) ? null
                        : new SignedMessage((Ed25519PublicKey) v[0], signature, (ByteString) v[2], (String) v[3]);
            }
            case EncryptedMessages.TYPE -> new EncryptedMessages((ByteString) v[0], (String) v[1]);
            case FastEncryptedMessages.TYPE -> ((ByteString) v[0]).length() != FastEncryptedMessages.NONCE_BYTES ? null
                    : new FastEncryptedMessages((ByteString) v[0], (Ed25519PublicKey) v[1], (ByteString) v[2]);
            case WhereAreThey.TYPE -> new WhereAreThey((Ed25519PublicKey) v[0]);
            case Forwarded.TYPE -> new Forwarded((java.net.InetSocketAddress) v[0], (Ed25519PublicKey) v[1],
                    (Ed25519PublicKey) v[2], (String) v[3], v[4] == null || (Boolean) v[4]);
            case ChatMessage.TYPE -> new ChatMessage((String) v[0]);
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static Field[] fieldsOf(String type) {
        return switch (type) {
            case MyPublicKey.TYPE -> MY_PUBLIC_KEY;
            case SignedMessage.TYPE -> SIGNED_MESSAGE;
            case EncryptedMessages.TYPE -> ENCRYPTED_MESSAGES;
            case FastEncryptedMessages.TYPE -> FAST_ENCRYPTED_MESSAGES;
            case WhereAreThey.TYPE -> WHERE_ARE_THEY;
            case Forwarded.TYPE -> FORWARDED;
            case ChatMessage.TYPE -> CHAT_MESSAGE;
            default -> null;
        };
    }

    /** The field values in declaration order ({@code null} for absent ones), or {@code null} for a bad body. */
    static Object[] readStruct(ReusableParser p, JsonToken body, Field[] fields) throws IOException {
        Object[] values = new Object[fields.length];
        boolean[] seen = new boolean[fields.length];
        boolean bad = false;
        if (body == JsonToken.START_OBJECT) {
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                int i = indexOf(fields, p.currentName());
                t = p.nextToken();
                if (i >= 0) {
                    bad |= seen[i] || !take(fields[i], p, t, values, i);
                    seen[i] = true;
                }
                p.skipChildren();
            }
        } else if (body == JsonToken.START_ARRAY) {
            int i = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new IOException("truncated");
                }
                bad |= i >= fields.length || !take(fields[i], p, t, values, i);
                p.skipChildren();
                i++;
            }
        } else {
            return null; // a scalar or null body; the parser is already past it
        }
        if (bad) {
            return null;
        }
        for (int i = 0; i < fields.length; i++) {
            if (values[i] == null && !fields[i].optional()) {
                return null;
            }
        }
        return values;
    }

    private static int indexOf(Field[] fields, String name) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Converts one field's value into {@code values[i]}; false when it has the wrong type or form. */
    private static boolean take(Field f, ReusableParser p, JsonToken t, Object[] values, int i) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            // An optional bool is a plain bool with a default in Rust, not an Option: null is an error.
            return f.optional() && f.kind() != Kind.BOOL;
        }
        if (f.kind() == Kind.UINT) {
            // serde's u64: an integer token, not negative; a float such as 4096.0 is refused.
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0) {
                return false;
            }
            values[i] = p.getLongValue();
            return true;
        }
        if (f.kind() == Kind.ADDRESSES || f.kind() == Kind.ID_SIZES) {
            if (t != JsonToken.START_ARRAY) {
                return false;
            }
            values[i] = f.kind() == Kind.ADDRESSES ? MessageDecoder.readAddressList(p, DecodeObserver.IGNORE)
                    : ContentBodies.readIdSizes(p);
            return true;
        }
        if (f.kind() == Kind.BOOL) {
            if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                return false;
            }
            values[i] = t == JsonToken.VALUE_TRUE;
            return true;
        }
        if (t != JsonToken.VALUE_STRING) {
            return false;
        }
        if (f.kind() == Kind.BASE64) {
            byte[] raw = p.base64Value();
            if (raw != null) {
                values[i] = ByteString.wrap(raw);
                return true;
            }
        }
        String text = p.getText();
        values[i] = switch (f.kind()) {
            case TEXT -> JsonText.isWellFormed(text) ? text : null;
            case KEY -> Ed25519PublicKey.parse(text);
            case BASE64 -> ByteString.parseBase64(text);
            case ADDRESS -> PeerAddress.parse(text);
            case BOOL, UINT, ADDRESSES, ID_SIZES -> throw new AssertionError();
        };
        return values[i] != null;
    }
}
