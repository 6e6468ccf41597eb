package io.cjp2p.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cjp2p.codec.IdentityBodies.Field;
import io.cjp2p.codec.IdentityBodies.Kind;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the bodies of the content messages (PROTOCOL.md 5.14-5.19) with the same serde rules as
 * the identity bodies ({@link IdentityBodies#readStruct}): object or array form, unknown fields
 * ignored, a missing required field or a wrong type skips the element. Inside the lists of
 * {@code MaybeTheyHaveSome} and {@code ContentList} a bad entry is skipped and the good ones kept.
 */
final class ContentBodies {
    /** More entries than Rust sends (72); the rest of a huge list is ignored. */
    static final int MAX_ENTRIES_KEPT = 256;

    private static final Field[] PLEASE_SEND_CONTENT = {
            new Field("id", Kind.TEXT, false), new Field("length", Kind.UINT, false),
            new Field("offset", Kind.UINT, false)};
    private static final Field[] CONTENT = {
            new Field("id", Kind.TEXT, false), new Field("offset", Kind.UINT, false),
            new Field("base64", Kind.BASE64, false), new Field("eof", Kind.UINT, true)};
    private static final Field[] MAYBE_THEY_HAVE_SOME = {
            new Field("id", Kind.TEXT, false), new Field("peers", Kind.ADDRESSES, false)};
    private static final Field[] CONTENT_LIST = {new Field("results", Kind.ID_SIZES, false)};
    private static final Field[] I_JUST_SAW_THIS = {
            new Field("id", Kind.TEXT, false), new Field("length", Kind.UINT, false)};

    private ContentBodies() {
    }

    /** Reads a body as {@link IdentityBodies#read} does; {@code null} for a bad one. */
    @SuppressWarnings("unchecked")
    static Message read(String type, ReusableParser p, JsonToken body) throws IOException {
        Object[] v = IdentityBodies.readStruct(p, body, fieldsOf(type));
        if (v == null) {
            return null;
        }
        return switch (type) {
            case PleaseSendContent.TYPE -> new PleaseSendContent((String) v[0], (Long) v[2], (Long) v[1]);
            case Content.TYPE -> new Content((String) v[0], (Long) v[1], (ByteString) v[2], (Long) v[3]);
            case MaybeTheyHaveSome.TYPE -> new MaybeTheyHaveSome((String) v[0], (List<InetSocketAddress>) v[1]);
            case ContentList.TYPE -> new ContentList((List<ContentList.Entry>) v[0]);
            case IJustSawThis.TYPE, IJustSawThis.YOU_SHOULD_SEE_THIS -> new IJustSawThis(type, (String) v[0], (Long) v[1]);
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static Field[] fieldsOf(String type) {
        return switch (type) {
            case PleaseSendContent.TYPE -> PLEASE_SEND_CONTENT;
            case Content.TYPE -> CONTENT;
            case MaybeTheyHaveSome.TYPE -> MAYBE_THEY_HAVE_SOME;
            case ContentList.TYPE -> CONTENT_LIST;
            case IJustSawThis.TYPE, IJustSawThis.YOU_SHOULD_SEE_THIS -> I_JUST_SAW_THIS;
            default -> throw new IllegalArgumentException(type);
        };
    }

    /**
     * Reads {@code [["<id>",size],…]}, the parser past the outer START_ARRAY, and leaves it on the
     * outer END_ARRAY. An entry that is not a two-element array of a string and an unsigned integer
     * is skipped.
     */
    static List<ContentList.Entry> readIdSizes(ReusableParser p) throws IOException {
        List<ContentList.Entry> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IOException("truncated");
            }
            ContentList.Entry e = t == JsonToken.START_ARRAY ? readIdSize(p) : null;
            if (t != JsonToken.START_ARRAY) {
                p.skipChildren();
            }
            if (e != null && out.size() < MAX_ENTRIES_KEPT) {
                out.add(e);
            }
        }
        return out;
    }

    /** One {@code ["<id>",size]}, the parser past its START_ARRAY, left on its END_ARRAY. */
    private static ContentList.Entry readIdSize(ReusableParser p) throws IOException {
        String id = null;
        long size = -1;
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IOException("truncated");
            }
            if (n == 0 && t == JsonToken.VALUE_STRING) {
                String text = p.getText();
                id = JsonText.isWellFormed(text) ? text : null;
            } else if (n == 1 && t == JsonToken.VALUE_NUMBER_INT
                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                size = p.getLongValue();
            }
            p.skipChildren();
            n++;
        }
        return n == 2 && id != null && size >= 0 ? new ContentList.Entry(id, size) : null;
    }
}
