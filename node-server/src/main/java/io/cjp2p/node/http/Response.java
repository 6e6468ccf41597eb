package io.cjp2p.node.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One answer: status, content type, any extra header fields and the whole body. The listener adds
 * {@code Cache-Control}, {@code Content-Length} and {@code Connection} when it sends it, so every
 * answer carries them however it was made.
 *
 * @param headers extra fields, sent as given (names as they should appear on the wire)
 * @param body    the body; not copied, so do not change it after handing it over
 */
public record Response(int status, String reason, String contentType, Map<String, String> headers, byte[] body) {
    static final String TEXT = "text/plain; charset=utf-8";
    static final Response BAD_REQUEST = text(400, "Bad Request", "bad request\n");
    static final Response HEAD_TOO_LARGE = text(431, "Request Header Fields Too Large", "request head too large\n");

    public Response {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body"); // thrown inside HttpEndpoints.respond, so a null status gives a 500
    }

    static Response text(int status, String reason, String body) {
        return new Response(status, reason, TEXT, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The status line and header block, ending in the empty line.
     *
     * @param connection the {@code Connection} value to send ("close", "keep-alive"), or null for
     *                   none (HTTP/1.1 keep-alive is the default and needs none)
     */
    byte[] head(String connection) {
        StringBuilder b = new StringBuilder(160);
        b.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        b.append("Content-Type: ").append(contentType).append("\r\n");
        headers.forEach((name, value) -> b.append(name).append(": ").append(value).append("\r\n"));
        b.append("Cache-Control: no-store\r\n");
        b.append("Content-Length: ").append(body.length).append("\r\n");
        if (connection != null) {
            b.append("Connection: ").append(connection).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
