package io.cjp2p.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.netty.util.concurrent.FastThreadLocal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one datagram into the messages it carries: the common ones with {@link CoreMessageScanner},
 * the rest with Jackson's streaming parser (no tree, no databind).
 *
 * <p>Leniency follows PROTOCOL.md section 1.3: a datagram is dropped only when it is not one JSON
 * array (or breaks a hard limit); inside the array a bad element is skipped and the rest is kept.
 * Where other implementations disagree we accept every variant: object or array bodies, cookies of
 * any JSON shape, unknown fields. Opaque bodies keep the exact bytes of the datagram so that echoes
 * are byte-for-byte.
 *
 * <p>So that no echo carries bytes that are not UTF-8, a datagram is checked before Jackson reads it
 * (Jackson lets overlong forms, surrogates and code points past U+10FFFF through, see {@link Utf8}).
 * One that is not well-formed is read from a copy with those bytes replaced, which keeps its JSON
 * structure, and every element whose bytes differ from the copy's is skipped as
 * {@link SkipReason#BAD_UTF8}; outside every string such a byte leaves the copy invalid JSON, and the
 * datagram is dropped as before.
 *
 * <p>Thread-safe: one instance may be shared by every event loop; each thread parses with its own
 * reused parser.
 */
public final class MessageDecoder {
    /** More peers than any implementation sends (Rust 46, bash 50); the rest of a huge list is ignored. */
    static final int MAX_PEERS_KEPT = 256;
    private static final int MAX_NUMBER_LENGTH = 1000;

    private final DecoderLimits limits;
    /** The common datagrams without Jackson, or {@code null} to read every datagram with Jackson. */
    private final CoreMessageScanner scanner;
    private final JsonFactory factory;
    /**
     * One parser per thread, reused datagram after datagram (ReusableParser says why). Netty's
     * thread-local: on an event loop its lookup is an array index, not a hash probe.
     */
    private final FastThreadLocal<ReusableParser.Slot> parsers;
    /** Where a datagram that is not well-formed UTF-8 is repaired; made on a thread's first such datagram. */
    private final FastThreadLocal<byte[]> repairBuffers;

    public MessageDecoder(DecoderLimits limits) {
        this(limits, true);
    }

    /** {@code scanCoreMessages} false: Jackson reads every datagram, as the scanner's tests compare. */
    MessageDecoder(DecoderLimits limits, boolean scanCoreMessages) {
        this.limits = limits;
        this.scanner = scanCoreMessages ? new CoreMessageScanner(limits) : null;
        this.factory = JsonFactory.builder()
                // Names from the wire stay in this decoder's own tables (ReusableParser), out of the
                // JVM's string table, where every one would be one more weak root for each collection
                // to walk. Nothing here compares names by identity.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxTokenLength())
                        .maxNumberLength(Math.min(limits.maxTokenLength(), MAX_NUMBER_LENGTH))
                        .maxDocumentLength(limits.maxDatagramBytes())
                        .build())
                .build();
        this.parsers = new FastThreadLocal<>() {
            @Override
            protected ReusableParser.Slot initialValue() {
                return new ReusableParser.Slot(factory);
            }
        };
        this.repairBuffers = new FastThreadLocal<>() {
            @Override
            protected byte[] initialValue() {
                return new byte[limits.maxDatagramBytes()];
            }
        };
    }

    public MessageDecoder() {
        this(DecoderLimits.DEFAULT);
    }

    /** This thread's parser, for tests of its bounds. */
    ReusableParser parserOfThisThread() {
        return parsers.get().current();
    }

    public DecoderLimits limits() {
        return limits;
    }

    /**
     * Decodes {@code data[0..length)} and appends the messages to {@code out}.
     *
     * @return {@code null} when the datagram was accepted (some elements may have been skipped and
     *         reported to {@code observer}), otherwise why it was dropped; {@code out} is then unchanged
     */
    public DropReason decode(byte[] data, int length, List<Message> out, DecodeObserver observer) {
        if (length > limits.maxDatagramBytes()) {
            return DropReason.TOO_LARGE;
        }
        if (!looksLikeUtf8Json(data, length)) {
            return DropReason.NOT_JSON;
        }
        int illFormed = Utf8.firstIllFormed(data, 0, length);
        int before = out.size();
        if (illFormed < 0 && scanner != null) {
            if (scanner.decode(data, length, out)) {
                return null;
            }
            truncate(out, before);
        }
        byte[] input = data;
        if (illFormed >= 0) {
            input = repairBuffers.get();
            Utf8.replaceIllFormed(data, length, illFormed, input);
        }
        DropReason reason;
        ReusableParser.Slot slot = parsers.get();
        try {
            reason = readDatagram(slot.begin(input, length), input, illFormed >= 0 ? data : null, out, observer);
            slot.finished();
        } catch (StreamConstraintsException e) {
            reason = classify(e);
            if (reason == DropReason.TOO_DEEP) {
                // Thrown on opening one container too many, which leaves only read contexts
                // behind, and reset sets the root back. Other broken limits replace the parser:
                // one of them is a field-name table flooded with colliding names.
                slot.finished();
            }
        } catch (JsonParseException e) {
            // Malformed JSON, invalid UTF-8, truncation: the input's fault, found while reading it,
            // which leaves nothing that the next reset does not set back. Replacing the parser
            // here cost about 7 KB of garbage per junk datagram, on top of the 3 KB of Jackson's
            // exception, which remains.
            slot.finished();
            reason = DropReason.NOT_JSON;
        } catch (IOException | RuntimeException e) {
            // Anything else, from Jackson or from here, also means "not JSON"; the parser is
            // replaced before the next datagram.
            reason = DropReason.NOT_JSON;
        }
        if (reason != null) {
            truncate(out, before);
        }
        return reason;
    }

    /** Convenience for tests and tools: decode a whole array, dropping skip reports. */
    public List<Message> decode(byte[] data) {
        List<Message> out = new ArrayList<>();
        DropReason reason = decode(data, data.length, out, DecodeObserver.IGNORE);
        if (reason != null) {
            throw new IllegalArgumentException("datagram dropped: " + reason.label());
        }
        return out;
    }

    /**
     * Reads the datagram in {@code data}; {@code original} is {@code null}, or the datagram as it
     * arrived when {@code data} is its repaired copy.
     */
    private DropReason readDatagram(ReusableParser p, byte[] data, byte[] original, List<Message> out,
                                    DecodeObserver observer) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            return DropReason.NOT_JSON;
        }
        if (t != JsonToken.START_ARRAY) {
            return DropReason.NOT_ARRAY;
        }
        // A repaired element's reports wait until it is known whether the element is skipped whole.
        HeldSkips held = original == null ? null : new HeldSkips();
        int count = 0;
        t = p.nextToken();
        while (t != JsonToken.END_ARRAY) {
            if (t == null) {
                return DropReason.NOT_JSON;
            }
            if (++count > limits.maxMessages()) {
                return DropReason.TOO_MANY_MESSAGES;
            }
            int start = p.tokenOffset();
            Message m = readArrayEntry(p, t, data, held == null ? observer : held);
            t = p.nextToken();
            if (held != null && t != null) {
                // The entry's bytes end where the next token starts: only whitespace and a comma
                // follow its last one, and a replaced byte there would have failed that token.
                int end = p.tokenOffset();
                if (Arrays.mismatch(data, start, end, original, start, end) >= 0) {
                    held.clear();
                    observer.skipped(SkipReason.BAD_UTF8);
                    continue;
                }
                held.passTo(observer);
            }
            if (m != null) {
                out.add(m);
            }
        }
        // Trailing garbage makes the datagram invalid JSON, as it does for serde_json.
        return p.nextToken() == null ? null : DropReason.NOT_JSON;
    }

    /** Reads one entry of the top-level array, the parser on its first token; an element or {@code null}. */
    private Message readArrayEntry(ReusableParser p, JsonToken t, byte[] data, DecodeObserver observer) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            observer.skipped(SkipReason.NOT_AN_OBJECT);
            return null;
        }
        return readElement(p, data, observer);
    }

    /** Reads one element; the parser is on its START_OBJECT and is left on its END_OBJECT. */
    private Message readElement(ReusableParser p, byte[] data, DecodeObserver observer) throws IOException {
        int elementStart = p.tokenOffset();
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            observer.skipped(SkipReason.NOT_ONE_KEY);
            return null;
        }
        String type = p.currentName();
        JsonToken body = p.nextToken();
        Message m;
        boolean known = true;
        switch (type) {
            case PleaseSendPeers.TYPE -> {
                m = body == JsonToken.START_OBJECT || body == JsonToken.START_ARRAY ? PleaseSendPeers.INSTANCE : null;
                p.skipChildren();
            }
            case Peers.TYPE -> m = readPeers(p, body, observer);
            case PleaseReturnThisMessage.TYPE -> m = opaque(p, body, data, PleaseReturnThisMessage::new);
            case ReturnedMessage.TYPE -> m = opaque(p, body, data, ReturnedMessage::new);
            case PleaseAlwaysReturnThisMessage.TYPE -> m = opaque(p, body, data, PleaseAlwaysReturnThisMessage::new);
            case AlwaysReturned.TYPE -> m = opaque(p, body, data, AlwaysReturned::new);
            case MyPublicKey.TYPE, SignedMessage.TYPE, EncryptedMessages.TYPE, FastEncryptedMessages.TYPE,
                    WhereAreThey.TYPE, Forwarded.TYPE, ChatMessage.TYPE -> m = IdentityBodies.read(type, p, body);
            case PleaseListContent.TYPE -> {
                m = body == JsonToken.START_OBJECT || body == JsonToken.START_ARRAY ? PleaseListContent.INSTANCE : null;
                p.skipChildren();
            }
            case PleaseSendContent.TYPE, Content.TYPE, MaybeTheyHaveSome.TYPE, ContentList.TYPE,
                    IJustSawThis.TYPE, IJustSawThis.YOU_SHOULD_SEE_THIS -> m = ContentBodies.read(type, p, body);
            default -> {
                p.skipChildren();
                m = null;
                known = false;
            }
        }
        if (p.nextToken() != JsonToken.END_OBJECT) {
            skipRestOfContainer(p);
            observer.skipped(SkipReason.NOT_ONE_KEY);
            return null;
        }
        if (!known) {
            int end = p.offset();
            return new OtherMessage(type, RawJson.copyOf(data, elementStart, end - elementStart));
        }
        if (m == null) {
            observer.skipped(SkipReason.BAD_BODY);
        }
        return m;
    }

    private interface BodyFactory {
        Message create(RawJson body);
    }

    private static Message opaque(ReusableParser p, JsonToken body, byte[] data, BodyFactory factory) throws IOException {
        RawJson raw = captureValue(p, body, data);
        return raw == null ? null : factory.create(raw);
    }

    /** The exact bytes of the value that starts at the current token; {@code null} for JSON null. */
    private static RawJson captureValue(ReusableParser p, JsonToken token, byte[] data) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        int start = p.tokenOffset();
        if (token == JsonToken.VALUE_STRING) {
            p.finishToken(); // strings are decoded lazily; this moves the input past the closing quote
        } else {
            p.skipChildren();
        }
        int end = p.offset();
        while (end > start && isJsonWhitespace(data[end - 1])) {
            end--;
        }
        return RawJson.copyOf(data, start, end - start);
    }

    private static Peers readPeers(ReusableParser p, JsonToken body, DecodeObserver observer) throws IOException {
        if (body == JsonToken.START_OBJECT) {
            List<InetSocketAddress> peers = null;
            boolean bad = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                if ("peers".equals(name) && t == JsonToken.START_ARRAY && peers == null) {
                    peers = readAddressList(p, observer);
                } else {
                    bad |= "peers".equals(name);
                    p.skipChildren();
                }
            }
            return bad || peers == null ? null : new Peers(peers);
        }
        if (body == JsonToken.START_ARRAY) {
            // serde's struct-as-array form: exactly one element, the address list.
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_ARRAY) {
                if (t != JsonToken.END_ARRAY) {
                    p.skipChildren();
                    skipRestOfContainer(p);
                }
                return null;
            }
            List<InetSocketAddress> peers = readAddressList(p, observer);
            if (p.nextToken() != JsonToken.END_ARRAY) {
                p.skipChildren();
                skipRestOfContainer(p);
                return null;
            }
            return new Peers(peers);
        }
        return null;
    }

    /** Reads an array of address strings, the parser past its START_ARRAY; bad entries skipped, the list capped. */
    static List<InetSocketAddress> readAddressList(ReusableParser p, DecodeObserver observer) throws IOException {
        List<InetSocketAddress> peers = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                p.skipChildren();
                observer.skipped(SkipReason.BAD_PEER_ADDRESS);
                continue;
            }
            if (peers.size() >= MAX_PEERS_KEPT) {
                continue;
            }
            InetSocketAddress address = PeerAddress.parse(p.getText());
            if (address == null) {
                observer.skipped(SkipReason.BAD_PEER_ADDRESS);
            } else {
                peers.add(address);
            }
        }
        return peers;
    }

    /** Skips to the end of the container the parser is inside, leaving it on the closing token. */
    private static void skipRestOfContainer(ReusableParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IOException("truncated");
            }
            p.skipChildren();
        }
    }

    /**
     * Jackson's byte-source bootstrapper skips a UTF-8 BOM and auto-detects UTF-16/UTF-32, none of which
     * serde_json accepts (PROTOCOL.md 1.3), and with which the byte offsets used for opaque bodies would
     * not match the datagram. UTF-8 JSON never starts with a byte >= 0x80 and never contains NUL, so
     * such input is refused before Jackson sees it.
     */
    private static boolean looksLikeUtf8Json(byte[] data, int length) {
        if (length > 0 && data[0] < 0) {
            return false;
        }
        for (int i = 0; i < Math.min(4, length); i++) {
            if (data[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** JSON's four whitespace characters; the scanner skips the same ones. */
    static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** Takes back what was appended to {@code out} after its first {@code size} messages. */
    private static void truncate(List<Message> out, int size) {
        while (out.size() > size) {
            out.remove(out.size() - 1);
        }
    }

    private static DropReason classify(StreamConstraintsException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("nesting depth")) {
            return DropReason.TOO_DEEP;
        }
        if (message.contains("Document length") || message.contains("document length")) {
            return DropReason.TOO_LARGE;
        }
        return DropReason.TOKEN_TOO_LONG;
    }
}
