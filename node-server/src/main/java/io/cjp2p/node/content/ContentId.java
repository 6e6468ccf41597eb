package io.cjp2p.node.content;

/**
 * The ids this node serves and stores: the SHA-256 of an object as 64 lowercase hex digits
 * (PROTOCOL.md 6.1). Every id from the wire or a URL is checked here before it comes near a path;
 * nothing else (blake3/, stream/, names with slashes or dots) is ever turned into a file name.
 */
public final class ContentId {
    public static final int LENGTH = 64;

    private ContentId() {
    }

    /** Whether {@code id} is exactly 64 lowercase hex digits. */
    public static boolean isSha256(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The id in an HTTP path segment, which may carry the {@code 0x} prefix Rust's {@code GET /<sha256>}
     * accepts (PROTOCOL.md 8); {@code null} when it is no id.
     */
    public static String fromUrl(String segment) {
        String id = segment != null && segment.startsWith("0x") ? segment.substring(2) : segment;
        return isSha256(id) ? id : null;
    }
}
