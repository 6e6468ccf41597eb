package io.cjp2p.node.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code Content-Type} of a served object: from the file name's extension when the file has
 * one (a shared file), otherwise sniffed from its first bytes (objects in the store are named by
 * id). Unknown is {@code application/octet-stream}.
 */
final class MediaTypes {
    static final String OCTET_STREAM = "application/octet-stream";
    /** How many leading bytes {@link #sniff} looks at. */
    static final int SNIFF_BYTES = 512;

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("wasm", "application/wasm"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"), Map.entry("ico", "image/x-icon"), Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"), Map.entry("mkv", "video/x-matroska"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"), Map.entry("opus", "audio/ogg"), Map.entry("flac", "audio/flac"),
            Map.entry("wav", "audio/wav"), Map.entry("iso", "application/octet-stream"));

    private MediaTypes() {
    }

    /** By the name's extension, else by {@code head} (the file's first bytes, possibly fewer). */
    static String of(String fileName, byte[] head, int headLength) {
        int dot = fileName.lastIndexOf('.');
        if (dot > 0) {
            String type = BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (type != null) {
                return type;
            }
        }
        return sniff(head, headLength);
    }

    /** A few signatures of the WHATWG MIME sniffing table, then UTF-8 text, then octet-stream. */
    static String sniff(byte[] b, int n) {
        if (starts(b, n, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        }
        if (starts(b, n, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(b, n, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (starts(b, n, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        if (starts(b, n, 'P', 'K', 3, 4)) {
            return "application/zip";
        }
        if (starts(b, n, 0x1F, 0x8B)) {
            return "application/gzip";
        }
        if (starts(b, n, 0x1A, 0x45, 0xDF, 0xA3)) {
            return "video/webm";
        }
        if (starts(b, n, 'I', 'D', '3') || starts(b, n, 0xFF, 0xFB)) {
            return "audio/mpeg";
        }
        if (starts(b, n, 'O', 'g', 'g', 'S')) {
            return "audio/ogg";
        }
        if (n >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            return "video/mp4";
        }
        if (n >= 12 && starts(b, n, 'R', 'I', 'F', 'F') && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        String text = new String(b, 0, Math.min(n, 64), StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(Locale.ROOT);
        if (text.startsWith("<!doctype html") || text.startsWith("<html")) {
            return "text/html; charset=utf-8";
        }
        return isText(b, n) ? "text/plain; charset=utf-8" : OCTET_STREAM;
    }

    private static boolean starts(byte[] b, int n, int... signature) {
        if (n < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((b[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** No control bytes other than whitespace: text (UTF-8 multibyte sequences pass as high bytes). */
    private static boolean isText(byte[] b, int n) {
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
