package io.cjp2p.node.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One answer: status, content type, any extra header fields and the whole body. The listener adds
 * {@code Cache-Control}, {@code Content-Length} and {@code Connection} when it sends it
 * ({@link HttpReplies}), so every answer carries them however it was made.
 *
 * @param headers extra fields, sent as given (names as they should appear on the wire)
 * @param body    the body; not copied, so do not change it after handing it over
 */
public record Response(int status, String reason, String contentType, Map<String, String> headers, byte[] body) {
    static final String TEXT = "text/plain; charset=utf-8";
    static final Response BAD_REQUEST = text(400, "Bad Request", "bad request\n");
    static final Response URI_TOO_LONG = text(414, "URI Too Long", "request line too long\n");
    static final Response HEAD_TOO_LARGE = text(431, "Request Header Fields Too Large", "request head too large\n");

    public Response {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body"); // thrown inside HttpEndpoints.respond, so a null status gives a 500
    }

    static Response text(int status, String reason, String body) {
        return new Response(status, reason, TEXT, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
