package io.cjp2p.node.http;

/**
 * One byte range of a {@code Range: bytes=…} header (RFC 9110 14.1.2) resolved against an object of
 * {@code size} bytes: {@code a-b}, {@code a-} or {@code -n}. Several ranges, or a header we cannot
 * read, are ignored (the whole object is sent, which the RFC allows).
 */
record ByteRange(long start, long length) {
    /** A range that does not overlap the object: answered 416. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    /** The range asked for, {@code null} for the whole object, or {@link #UNSATISFIABLE}. */
    static ByteRange parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                long n = Math.min(suffix, size);
                return new ByteRange(size - n, n);
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
            if (start < 0 || end < start) {
                return null; // not a valid range: ignored
            }
            if (start >= size) {
                return UNSATISFIABLE;
            }
            end = Math.min(end, size - 1);
            return new ByteRange(start, end - start + 1);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
