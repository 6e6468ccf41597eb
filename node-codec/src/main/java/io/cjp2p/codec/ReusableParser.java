package io.cjp2p.codec;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.JsonReadContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import com.fasterxml.jackson.core.util.BufferRecycler;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Jackson's byte-array parser, pointed at one datagram after another instead of built per datagram.
 *
 * <p>Why: building a parser allocates about a dozen objects, once most of the node's garbage per
 * datagram (docs/benchmarks.md). Jackson 2 has no public way to reuse a parser, so this subclass
 * resets the protected state that {@code UTF8StreamJsonParser}'s constructor sets.
 * Everything else (read contexts, buffers, the field-name table) is reused as Jackson itself reuses it
 * within one document. The offsets come from the same fields as Jackson's {@code JsonLocation}s,
 * without allocating one.
 *
 * <p>Bounds, so that no input can make a long-lived parser grow or go wrong: its owner builds a fresh
 * one after any exception other than malformed input (a {@code JsonParseException}, which Jackson
 * throws while reading a token and which leaves nothing {@link #reset} does not set back) or a
 * document nested too deep, and when the field-name table (which learns every name it sees) holds
 * more than {@link #MAX_SYMBOLS} names. The root read context, which counts one entry per document,
 * is set back in place for every datagram, keeping the child contexts it caches: replacing it (or the
 * parser) sends the next datagram down paths the JIT had compiled out, which deoptimises the whole
 * decoding path (a stall of milliseconds, docs/benchmarks.md).
 *
 * <p>The flooder's reply decoder uses it too, for the same reason. One per thread; not thread-safe.
 */
public final class ReusableParser extends UTF8StreamJsonParser {
    /** Known message types and their fields are a few dozen names; the rest is junk or new types. */
    static final int MAX_SYMBOLS = 512;
    private static final byte[] EMPTY = new byte[0];
    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private final JsonReadContext root;

    private ReusableParser(IOContext context, int features, ByteQuadsCanonicalizer symbols) {
        super(context, features, null, null, symbols, EMPTY, 0, 0, 0, false); // no bytes processed before
        this.root = _parsingContext;
    }

    /** A parser with {@code factory}'s read constraints and features, with its own field-name table. */
    static ReusableParser create(JsonFactory factory) {
        IOContext context = new IOContext(factory.streamReadConstraints(), factory.streamWriteConstraints(),
                ErrorReportConfiguration.defaults(), new BufferRecycler(), ContentReference.unknown(), false);
        return new ReusableParser(context, factory.getParserFeatures(),
                ByteQuadsCanonicalizer.createRoot().makeChild(factory.getFactoryFeatures()));
    }

    /** Points the parser at {@code data[0..length)} as a new document, whatever state the last one left. */
    void reset(byte[] data, int length) {
        root.reset(JsonStreamContext.TYPE_ROOT, 1, 0);
        _inputBuffer = data;
        _inputPtr = 0;
        _inputEnd = length;
        _currInputProcessed = 0;
        _currInputRow = 1;
        _currInputRowStart = 0;
        _tokenInputTotal = 0;
        _tokenInputRow = 1;
        _tokenInputCol = 0;
        _nameStartOffset = 0;
        _nameStartRow = 0;
        _nameStartCol = 0;
        _parsingContext = root;
        _currToken = null;
        _lastClearedToken = null;
        _nextToken = null;
        _tokenCount = 0;
        _tokenIncomplete = false;
        _closed = false;
        _nameCopied = false;
        _binaryValue = null;
        _numTypesValid = NR_UNKNOWN;
        _textBuffer.resetWithEmpty();
    }

    /**
     * What Jackson does when a document ends (it closes the parser itself on reaching the end of its
     * input), except handing back its name buffer, which it keeps for the next document, and merging
     * this parser's field-name table into its parent. That merge also marks the table shared, so the
     * next new name would copy the whole hash area first (docs/benchmarks.md, "Field names nobody
     * sent before"). The parent is a root no other parser uses, so there is nothing to share: the
     * table stays this parser's own, bounded by {@link #MAX_SYMBOLS}.
     */
    @Override
    protected void _releaseBuffers() {
        _textBuffer.releaseBuffers();
    }

    /** False once this parser should be replaced (see the class comment). */
    private boolean reusable() {
        return _symbols.size() <= MAX_SYMBOLS;
    }

    /** {@code currentTokenLocation().getByteOffset()}, without allocating a location. */
    public int tokenOffset() {
        return (int) (_currToken == JsonToken.FIELD_NAME
                ? _currInputProcessed + _nameStartOffset - 1
                : _tokenInputTotal - 1);
    }

    /** {@code currentLocation().getByteOffset()}: just past the input consumed so far. */
    public int offset() {
        return (int) (_currInputProcessed + _inputPtr);
    }

    /**
     * The current string value decoded as base64 straight from the input bytes, the parser moved past
     * it; {@code null}, the parser untouched, when it holds anything else (an escape, a character
     * outside the alphabet), for the caller to read it as text and judge it the usual way. Why: a
     * Content block is 55 KB of base64, and reading it as text first builds a char array, a String
     * and a byte copy of it; this was most of a downloading node's decoding time (content-bench.sh).
     */
    byte[] base64Value() {
        if (_currToken != JsonToken.VALUE_STRING || !_tokenIncomplete) {
            return null;
        }
        byte[] in = _inputBuffer;
        int start = _inputPtr;
        int end = start;
        int limit = _inputEnd;
        // Eight bytes at a time up to the word holding a quote or a backslash, then byte by byte.
        while (end + 8 <= limit) {
            if (ByteWords.hasQuoteOrBackslash(ByteWords.at(in, end))) {
                break;
            }
            end += 8;
        }
        while (end < limit && in[end] != '"') {
            if (in[end] == '\\') {
                return null;
            }
            end++;
        }
        if (end == limit || end - start > _streamReadConstraints.getMaxStringLength()) {
            return null; // Jackson's own reading reports the truncation or the too long token
        }
        ByteBuffer decoded;
        try {
            decoded = BASE64.decode(ByteBuffer.wrap(in, start, end - start));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        _inputPtr = end + 1;
        _tokenIncomplete = false;
        byte[] bytes = decoded.array();
        return decoded.limit() == bytes.length ? bytes : Arrays.copyOf(bytes, decoded.limit());
    }

    /** Values the root context has counted since the last {@link #reset}. */
    int rootEntryCount() {
        return root.getEntryCount();
    }

    /** The root's cached array context (the one a datagram's {@code [} opens), for tests; resets it. */
    JsonReadContext arrayContext() {
        return root.createChildArrayContext(1, 0);
    }

    int symbolCount() {
        return _symbols.size();
    }

    /**
     * One owner's parser (one per thread), and the rule for when it is replaced: {@link #begin}
     * hands it out pointed at a document; only a document read to its end, or rejected as malformed
     * JSON or as too deep, ends with {@link #finished}, which also replaces a parser that has reached
     * its bounds. A parser whose last document did not finish is never handed out again.
     */
    public static final class Slot {
        private final JsonFactory factory;
        private ReusableParser parser;
        private boolean clean = true;

        public Slot(JsonFactory factory) {
            this.factory = factory;
            this.parser = create(factory);
        }

        /** The parser, reset to read {@code data[0..length)}. */
        public ReusableParser begin(byte[] data, int length) {
            if (!clean) {
                parser = create(factory);
            }
            clean = false;
            parser.reset(data, length);
            return parser;
        }

        /** The document begun last was read, or rejected as malformed or too deep: the parser may be reused. */
        public void finished() {
            if (!parser.reusable()) {
                parser = create(factory);
            }
            clean = true;
        }

        ReusableParser current() {
            return parser;
        }
    }
}
